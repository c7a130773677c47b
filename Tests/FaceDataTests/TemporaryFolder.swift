import Foundation

/// A fresh folder under the system's temporary directory, removed when the value is released.
final class TemporaryFolder {
  let path: String

  init() throws {
    path = (NSTemporaryDirectory() as NSString).appendingPathComponent(
      "FaceDataTests-" + UUID().uuidString)
    try FileManager.default.createDirectory(
      atPath: path, withIntermediateDirectories: true, attributes: nil)
  }

  deinit {
    try? FileManager.default.removeItem(atPath: path)
  }

  /// The path of `name` inside the folder, creating the intermediate folders.
  func file(_ name: String) throws -> String {
    let full = (path as NSString).appendingPathComponent(name)
    try FileManager.default.createDirectory(
      atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true,
      attributes: nil)
    return full
  }

  /// Writes raw bytes to `name`.
  func write(_ bytes: [UInt8], to name: String) throws -> String {
    let full = try file(name)
    try Data(bytes).write(to: URL(fileURLWithPath: full))
    return full
  }
}
