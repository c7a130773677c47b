import Foundation

/// A named tensor to be written to a safetensors file.
public struct SafeTensorsTensor {
  /// The values and the element type they are stored as.
  public enum Values {
    /// Stored as F32.
    case float32([Float])
    /// Stored as F64.
    case float64([Double])

    var count: Int {
      switch self {
      case .float32(let values): return values.count
      case .float64(let values): return values.count
      }
    }

    var dataType: SafeTensorsDataType {
      switch self {
      case .float32: return .float32
      case .float64: return .float64
      }
    }
  }

  /// The header key.
  public let name: String
  /// The dimensions, outermost first.
  public let shape: [Int]
  /// The row-major values; their count is the product of `shape`.
  public let values: Values

  /// A float32 tensor.
  public init(name: String, shape: [Int], floats: [Float]) {
    self.init(name: name, shape: shape, values: .float32(floats))
  }

  /// A float64 tensor.
  public init(name: String, shape: [Int], doubles: [Double]) {
    self.init(name: name, shape: shape, values: .float64(doubles))
  }

  /// A tensor of either element type.
  public init(name: String, shape: [Int], values: Values) {
    self.name = name
    self.shape = shape
    self.values = values
  }
}

/// Writes safetensors files.
///
/// Tensors are laid out back to back in the order given; the header is padded with spaces to a
/// multiple of 8 bytes so that every tensor starts aligned when the values are.
public enum SafeTensorsWriter {
  /// Writes `tensors` and `metadata` to `url`, replacing any file there.
  ///
  /// - Parameters:
  ///   - validatesNames: hold names to `SafeTensorsName.validate` (names that are empty or
  ///     equal to `__metadata__` are always rejected, since the format cannot hold them).
  ///   - synchronize: `fsync` the file before returning, so that a rename that follows
  ///     publishes complete contents even across a power loss.
  public static func write(
    _ tensors: [SafeTensorsTensor], metadata: [String: String] = [:], to url: URL,
    validatesNames: Bool = true, synchronize: Bool = false
  ) throws {
    let header = try encodedHeader(
      tensors, metadata: metadata, file: url.path, validatesNames: validatesNames)
    let descriptor = open(url.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { throw systemError(url) }
    var closed = false
    defer { if !closed { close(descriptor) } }
    var length = UInt64(header.count).littleEndian
    try withUnsafeBytes(of: &length) { try writeAll($0, to: descriptor, url) }
    try header.withUnsafeBytes { try writeAll($0, to: descriptor, url) }
    for tensor in tensors {
      switch tensor.values {
      case .float32(let values): try writeLittleEndian(values, descriptor, url)
      case .float64(let values): try writeLittleEndian(values, descriptor, url)
      }
    }
    if synchronize, fsync(descriptor) != 0 { throw systemError(url) }
    closed = true
    if close(descriptor) != 0 { throw systemError(url) }
  }

  /// The JSON header for `tensors`, padded with spaces to a multiple of 8 bytes.
  public static func encodedHeader(
    _ tensors: [SafeTensorsTensor], metadata: [String: String], file: String,
    validatesNames: Bool = true
  ) throws -> Data {
    var fields: [String] = []
    if !metadata.isEmpty {
      let pairs = metadata.keys.sorted().map { "\(quoted($0)):\(quoted(metadata[$0]!))" }
      fields.append("\(quoted(SafeTensorsName.metadataKey)):{\(pairs.joined(separator: ","))}")
    }
    var seen = Set<String>()
    var offset = 0
    for tensor in tensors {
      if validatesNames || tensor.name.isEmpty || tensor.name == SafeTensorsName.metadataKey {
        try SafeTensorsName.validate(tensor.name)
      }
      guard seen.insert(tensor.name).inserted else {
        throw SafeTensorsError.duplicateName(file: file, tensor: tensor.name)
      }
      guard tensor.shape.allSatisfy({ $0 >= 0 }),
        tensor.shape.reduce(1, *) == tensor.values.count
      else {
        throw SafeTensorsError.valueCountMismatch(
          tensor: tensor.name, shape: tensor.shape, count: tensor.values.count)
      }
      let end = offset + tensor.values.count * tensor.values.dataType.byteCount
      let shape = tensor.shape.map(String.init).joined(separator: ",")
      fields.append(
        "\(quoted(tensor.name)):{\"dtype\":\"\(tensor.values.dataType.rawValue)\","
          + "\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(end)]}")
      offset = end
    }
    var text = "{" + fields.joined(separator: ",") + "}"
    while text.utf8.count % 8 != 0 { text += " " }
    return Data(text.utf8)
  }

  /// A JSON string literal.
  private static func quoted(_ string: String) -> String {
    var result = "\""
    for scalar in string.unicodeScalars {
      switch scalar {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case "\n": result += "\\n"
      case "\r": result += "\\r"
      case "\t": result += "\\t"
      case _ where scalar.value < 0x20:
        result += String(format: "\\u%04x", scalar.value)
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result + "\""
  }

  /// Writes `values` as little-endian words; on little-endian hosts straight from the array,
  /// so a large tensor is not copied.
  private static func writeLittleEndian<Value: BinaryFloatingPoint>(
    _ values: [Value], _ descriptor: Int32, _ url: URL
  ) throws {
    #if _endian(big)
      if let floats = values as? [Float] {
        let words = floats.map { $0.bitPattern.littleEndian }
        try words.withUnsafeBytes { try writeAll($0, to: descriptor, url) }
        return
      }
      if let doubles = values as? [Double] {
        let words = doubles.map { $0.bitPattern.littleEndian }
        try words.withUnsafeBytes { try writeAll($0, to: descriptor, url) }
        return
      }
    #endif
    try values.withUnsafeBytes { try writeAll($0, to: descriptor, url) }
  }

  /// Writes all of `bytes`, resuming after partial writes and interruptions.
  private static func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32, _ url: URL)
    throws
  {
    var done = 0
    while done < bytes.count {
      let written = Glibc.write(descriptor, bytes.baseAddress! + done, bytes.count - done)
      if written < 0 {
        if errno == EINTR { continue }
        throw systemError(url)
      }
      done += written
    }
  }

  private static func systemError(_ url: URL) -> SafeTensorsError {
    .unwritable(file: url.path, reason: String(cString: strerror(errno)))
  }
}
