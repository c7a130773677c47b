import Foundation

/// What is wrong with a safetensors file or a request made of one.
///
/// Every case names the file, so a message printed by the executable tells the user which file
/// to replace or regenerate.
public enum SafeTensorsError: Error, CustomStringConvertible, Equatable {
  /// The file could not be opened or read (`reason` is the system's message).
  case unreadable(file: String, reason: String)
  /// The file could not be created or written (`reason` is the system's message).
  case unwritable(file: String, reason: String)
  /// The file is shorter than the 8-byte header length that starts every safetensors file.
  case truncated(file: String, size: Int)
  /// The declared header length runs past the end of the file.
  case headerBeyondFile(file: String, headerLength: UInt64, fileSize: Int)
  /// The declared header length exceeds the reader's limit.
  case headerTooLarge(file: String, headerLength: UInt64, limit: Int)
  /// The header is not a UTF-8 JSON object of the safetensors layout.
  case malformedHeader(file: String, reason: String)
  /// A tensor entry in the header is incomplete or of the wrong JSON type.
  case malformedEntry(file: String, tensor: String, reason: String)
  /// A tensor's data type is not one the format defines.
  case unknownDataType(file: String, tensor: String, dataType: String)
  /// A tensor's data type is defined by the format but cannot be converted to floating point.
  case unsupportedDataType(file: String, tensor: String, dataType: String)
  /// The product of a tensor's dimensions, or its size in bytes, overflows.
  case shapeOverflow(file: String, tensor: String, shape: [Int])
  /// A tensor's byte range does not match the size its shape and data type imply.
  case sizeMismatch(file: String, tensor: String, expectedBytes: Int, actualBytes: Int)
  /// A tensor's byte range is reversed or lies outside the data buffer.
  case offsetsOutOfRange(file: String, tensor: String, begin: Int, end: Int, bufferSize: Int)
  /// Two tensors share bytes of the data buffer.
  case overlappingTensors(file: String, first: String, second: String)
  /// The file holds no tensor of this name.
  case missingTensor(file: String, tensor: String)
  /// A tensor name is unusable (empty, a path, a control character, or a reserved word).
  case invalidName(name: String, reason: String)
  /// A tensor's values disagree in count with its shape (a caller's mistake when writing).
  case valueCountMismatch(tensor: String, shape: [Int], count: Int)
  /// Two tensors handed to the writer have the same name.
  case duplicateName(file: String, tensor: String)

  /// A one-line message that names the file and what to do.
  public var description: String {
    switch self {
    case .unreadable(let file, let reason):
      return "\(file): cannot read (\(reason)); check the path and its permissions"
    case .unwritable(let file, let reason):
      return "\(file): cannot write (\(reason)); check the directory and free space"
    case .truncated(let file, let size):
      return "\(file): \(size) bytes is too short for a safetensors file; the file is truncated"
    case .headerBeyondFile(let file, let length, let size):
      return
        "\(file): header of \(length) bytes runs past the end of the \(size)-byte file; "
        + "the file is truncated or not safetensors"
    case .headerTooLarge(let file, let length, let limit):
      return
        "\(file): header of \(length) bytes exceeds the \(limit)-byte limit; "
        + "the file is not safetensors or is corrupt"
    case .malformedHeader(let file, let reason):
      return "\(file): malformed header: \(reason); regenerate the file"
    case .malformedEntry(let file, let tensor, let reason):
      return "\(file): tensor '\(tensor)': \(reason); regenerate the file"
    case .unknownDataType(let file, let tensor, let dataType):
      return "\(file): tensor '\(tensor)' has unknown data type '\(dataType)'"
    case .unsupportedDataType(let file, let tensor, let dataType):
      return
        "\(file): tensor '\(tensor)' is \(dataType); only F32 and F64 can be read, "
        + "convert the file to float32"
    case .shapeOverflow(let file, let tensor, let shape):
      return "\(file): tensor '\(tensor)' has shape \(shape), whose size overflows"
    case .sizeMismatch(let file, let tensor, let expected, let actual):
      return
        "\(file): tensor '\(tensor)' occupies \(actual) bytes but its shape and type "
        + "need \(expected); the file is corrupt"
    case .offsetsOutOfRange(let file, let tensor, let begin, let end, let size):
      return
        "\(file): tensor '\(tensor)' spans bytes \(begin)..<\(end), outside the "
        + "\(size)-byte data buffer; the file is truncated or corrupt"
    case .overlappingTensors(let file, let first, let second):
      return "\(file): tensors '\(first)' and '\(second)' overlap; the file is corrupt"
    case .missingTensor(let file, let tensor):
      return "\(file): no tensor named '\(tensor)'; check the name or the file's version"
    case .invalidName(let name, let reason):
      return "tensor name '\(name)' is invalid: \(reason)"
    case .valueCountMismatch(let tensor, let shape, let count):
      return "tensor '\(tensor)': \(count) values do not fill shape \(shape)"
    case .duplicateName(let file, let tensor):
      return "\(file): tensor '\(tensor)' is given twice"
    }
  }
}
