import Foundation

/// Why a data set could not be loaded, split or batched. Every message names the file, line or
/// value at fault and ends with what to do.
public enum FaceDataError: Error, Equatable, CustomStringConvertible, Sendable {
  /// The data folder does not exist or is not a folder.
  case missingFolder(path: String)
  /// A folder could not be created for writing.
  case cannotCreateFolder(path: String, reason: String)
  /// The data folder has no class folders.
  case noClassFolders(path: String, expected: [String])
  /// A subfolder's name matches no class of the label space.
  case unknownClassFolder(path: String, expected: [String])
  /// A class of the label space has no folder or no usable images.
  case emptyClass(path: String, className: String)
  /// An image file failed to decode.
  case badImage(ImageFileError)
  /// A file name does not contain a subject id under the subject pattern.
  case subjectNotFound(path: String, pattern: String)
  /// The subject pattern is not a valid regular expression with a capture group.
  case invalidSubjectPattern(pattern: String, reason: String)
  /// The CSV file could not be read.
  case unreadableCSV(path: String, reason: String)
  /// The CSV file's first line is not the expected header.
  case badCSVHeader(path: String, found: String, expected: String)
  /// A CSV row is malformed (field count, label or usage).
  case badCSVRow(path: String, line: Int, reason: String)
  /// A CSV row has the wrong number of pixel values.
  case wrongPixelCount(path: String, line: Int, found: Int, expected: Int)
  /// Fewer subjects than folds.
  case tooFewSubjects(found: Int, foldCount: Int)
  /// The global batch does not split evenly across ranks.
  case batchNotDivisible(globalBatchSize: Int, worldSize: Int)
  /// Fewer training samples than one global batch.
  case tooFewSamples(sampleCount: Int, globalBatchSize: Int)
  /// A class has no image in the training set, so its partner images cannot be drawn.
  case classWithoutTrainingImages(className: String)
  /// A numeric option is outside its valid range.
  case invalidOption(name: String, value: String, expected: String)

  /// A one-line explanation for users.
  public var description: String {
    switch self {
    case .missingFolder(let path):
      return "\(path): no such folder: pass a folder with one subfolder per expression"
    case .cannotCreateFolder(let path, let reason):
      return "\(path): cannot create folder (\(reason)): check the path and permissions"
    case .noClassFolders(let path, let expected):
      return "no images under \(path): expected one folder per expression (\(list(expected)))"
    case .unknownClassFolder(let path, let expected):
      return "\(path): folder name is not an expression: rename it to one of \(list(expected)), "
        + "map it explicitly, or pass skipBad to ignore it"
    case .emptyClass(let path, let className):
      return "\(path): no usable images of class \(className): add images to its folder"
    case .badImage(let error):
      return error.description
    case .subjectNotFound(let path, let pattern):
      return "\(path): no subject id matches pattern \(pattern): rename the file or pass a "
        + "subject pattern whose first group captures the subject"
    case .invalidSubjectPattern(let pattern, let reason):
      return "subject pattern \(pattern) is invalid (\(reason)): pass a regular expression "
        + "with one capture group"
    case .unreadableCSV(let path, let reason):
      return "\(path): cannot read (\(reason)): check that the CSV file exists"
    case .badCSVHeader(let path, let found, let expected):
      return "\(path):1: header is \"\(found)\": expected \"\(expected)\""
    case .badCSVRow(let path, let line, let reason):
      return "\(path):\(line): \(reason): fix the row or pass skipBad to ignore it"
    case .wrongPixelCount(let path, let line, let found, let expected):
      return "\(path):\(line): \(found) pixel values: expected \(expected) "
        + "(fix the row or pass skipBad to ignore it)"
    case .tooFewSubjects(let found, let foldCount):
      return "\(found) subjects cannot form \(foldCount) subject-independent folds: "
        + "use at most \(found) folds"
    case .batchNotDivisible(let globalBatchSize, let worldSize):
      return "global batch \(globalBatchSize) does not divide across \(worldSize) ranks: "
        + "choose a global batch that is a multiple of the number of ranks"
    case .tooFewSamples(let sampleCount, let globalBatchSize):
      return "\(sampleCount) training samples do not fill one global batch of "
        + "\(globalBatchSize): use a smaller batch or more data"
    case .invalidOption(let name, let value, let expected):
      return "\(name) is \(value): expected \(expected)"
    case .classWithoutTrainingImages(let className):
      return "no training image of class \(className): partner images of that class cannot "
        + "be drawn; add images or drop the class from the label space"
    }
  }

  private func list(_ names: [String]) -> String { names.joined(separator: ", ") }

  /// Creates `path` and any missing parents; succeeds when it already exists.
  static func createFolder(_ path: String) throws {
    do {
      try FileManager.default.createDirectory(
        atPath: path, withIntermediateDirectories: true, attributes: nil)
    } catch {
      throw FaceDataError.cannotCreateFolder(path: path, reason: error.localizedDescription)
    }
  }
}
