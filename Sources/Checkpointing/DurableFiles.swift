import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// File operations whose effect survives a crash or power loss once they return: data and
/// directory entries are synchronized with `fsync` before the next step depends on them.
enum DurableFiles {
  /// Writes `data` to `url` (replacing it) and synchronizes the file.
  static func write(_ data: Data, to url: URL) throws {
    let descriptor = open(url.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { throw failure(url) }
    defer { close(descriptor) }
    try data.withUnsafeBytes { bytes in
      var done = 0
      while done < bytes.count {
        let written = Glibc.write(descriptor, bytes.baseAddress! + done, bytes.count - done)
        if written < 0 {
          if errno == EINTR { continue }
          throw failure(url)
        }
        done += written
      }
    }
    guard fsync(descriptor) == 0 else { throw failure(url) }
  }

  /// Writes `data` to a temporary file beside `url`, synchronizes it, and renames it over
  /// `url`, so a reader sees either the old contents or the new, never a mixture.
  static func replace(_ url: URL, with data: Data) throws {
    let temporary = url.deletingLastPathComponent()
      .appendingPathComponent(".\(url.lastPathComponent).tmp")
    try write(data, to: temporary)
    try rename(temporary, to: url)
    try synchronize(directory: url.deletingLastPathComponent())
  }

  /// Synchronizes an existing file's contents.
  static func synchronize(file url: URL) throws {
    try withDescriptor(url, flags: O_RDONLY) { descriptor in
      guard fsync(descriptor) == 0 else { throw failure(url) }
    }
  }

  /// Synchronizes a directory, making the creation, removal or renaming of its entries durable.
  static func synchronize(directory url: URL) throws {
    try withDescriptor(url, flags: O_RDONLY | O_DIRECTORY) { descriptor in
      guard fsync(descriptor) == 0 else { throw failure(url) }
    }
  }

  /// Renames `source` to `destination` atomically (both in one file system).
  static func rename(_ source: URL, to destination: URL) throws {
    guard Glibc.rename(source.path, destination.path) == 0 else { throw failure(destination) }
  }

  /// Creates `url` and any missing parents.
  static func makeDirectory(_ url: URL) throws {
    do {
      try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    } catch {
      throw CheckpointError.unwritable(file: url.path, reason: error.localizedDescription)
    }
  }

  /// Removes `url` and everything under it, if it exists.
  static func remove(_ url: URL) throws {
    guard FileManager.default.fileExists(atPath: url.path) else { return }
    do {
      try FileManager.default.removeItem(at: url)
    } catch {
      throw CheckpointError.unwritable(file: url.path, reason: error.localizedDescription)
    }
  }

  /// The size of `url`, which must be a regular file itself rather than a symbolic link, so a
  /// checkpoint cannot lead the reader to a file elsewhere.
  static func regularFileSize(_ url: URL) throws -> Int {
    var status = stat()
    guard lstat(url.path, &status) == 0 else {
      throw CheckpointError.unreadable(file: url.path, reason: String(cString: strerror(errno)))
    }
    guard status.st_mode & S_IFMT == S_IFREG else {
      throw CheckpointError.unreadable(
        file: url.path, reason: "not a regular file (a link, directory or device)")
    }
    return Int(status.st_size)
  }

  private static func withDescriptor(
    _ url: URL, flags: Int32, _ body: (Int32) throws -> Void
  ) throws {
    let descriptor = open(url.path, flags | O_CLOEXEC)
    guard descriptor >= 0 else { throw failure(url) }
    defer { close(descriptor) }
    try body(descriptor)
  }

  private static func failure(_ url: URL) -> CheckpointError {
    .unwritable(file: url.path, reason: String(cString: strerror(errno)))
  }
}
