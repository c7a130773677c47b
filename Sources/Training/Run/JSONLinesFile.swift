import Foundation

/// An append-only file of JSON objects, one per line (`metrics.jsonl`, `eval.jsonl`).
///
/// Each record is written and flushed whole, so a run that stops leaves every earlier record
/// intact and readable.
final class JSONLinesFile {
  let path: String
  private let handle: FileHandle

  /// Opens `path` for appending, creating it when missing.
  init(path: String) throws {
    self.path = path
    if !FileManager.default.fileExists(atPath: path) {
      guard FileManager.default.createFile(atPath: path, contents: nil) else {
        throw RunDirectoryError.cannotWrite(path: path)
      }
    }
    guard let handle = FileHandle(forWritingAtPath: path) else {
      throw RunDirectoryError.cannotWrite(path: path)
    }
    handle.seekToEndOfFile()
    self.handle = handle
  }

  deinit { try? handle.close() }

  /// Appends one record. Keys keep the order given; values are numbers, strings, booleans,
  /// arrays or nested records.
  func append(_ record: [(String, JSONValue)]) throws {
    let line = JSONValue.object(record).encoded + "\n"
    try handle.write(contentsOf: Data(line.utf8))
  }
}

/// A JSON value written with keys in a fixed order, so records read well in a terminal.
indirect enum JSONValue {
  case number(Double)
  case integer(Int)
  case text(String)
  case flag(Bool)
  case array([JSONValue])
  case object([(String, JSONValue)])

  var encoded: String {
    switch self {
    case .number(let value):
      // JSON has no NaN or infinity; null marks a value that was not finite.
      return value.isFinite ? String(format: "%.6g", value) : "null"
    case .integer(let value): return String(value)
    case .text(let value): return "\"" + escapedForJSON(value) + "\""
    case .flag(let value): return String(value)
    case .array(let values): return "[" + values.map(\.encoded).joined(separator: ",") + "]"
    case .object(let pairs):
      let fields = pairs.map { "\"" + escapedForJSON($0.0) + "\":" + $0.1.encoded }
      return "{" + fields.joined(separator: ",") + "}"
    }
  }
}

/// A run directory that cannot be used.
public enum RunDirectoryError: Error, CustomStringConvertible {
  /// A file of the run cannot be created or written.
  case cannotWrite(path: String)
  /// The directory holds another run and no resume was asked for.
  case holdsAnotherRun(directory: String, differences: [String])

  public var description: String {
    switch self {
    case .cannotWrite(let path):
      return "cannot write \(path); check that the directory exists and is writable"
    case .holdsAnotherRun(let directory, let differences):
      let detail =
        differences.isEmpty ? "" : " (it differs in " + differences.joined(separator: ", ") + ")"
      return "\(directory) already holds a run\(detail); pass --resume auto to continue it, or"
        + " choose another --out"
    }
  }
}
