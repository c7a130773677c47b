/// Why an image file could not be read or written. Every message names the file and ends with
/// what to do about it.
public enum ImageFileError: Error, Equatable, CustomStringConvertible, Sendable {
  /// The file could not be opened or read (missing, a directory, no permission).
  case unreadable(path: String, reason: String)
  /// The file is neither a PNG nor a JPEG.
  case notAnImage(path: String)
  /// The file starts like an image but is truncated or damaged.
  case corrupt(path: String, reason: String)
  /// A valid image in a layout that cannot be converted to gray or RGB (for example CMYK).
  case unsupported(path: String, reason: String)
  /// The file could not be written.
  case writeFailed(path: String, reason: String)

  /// The file the error is about.
  public var path: String {
    switch self {
    case .unreadable(let path, _), .notAnImage(let path), .corrupt(let path, _),
      .unsupported(let path, _), .writeFailed(let path, _):
      return path
    }
  }

  /// A one-line explanation for users.
  public var description: String {
    switch self {
    case .unreadable(let path, let reason):
      return "\(path): \(reason): check that the file exists and is readable"
    case .notAnImage(let path):
      return "\(path): not a PNG or JPEG file: remove it or convert it to PNG"
    case .corrupt(let path, let reason):
      return "\(path): \(reason): the file is damaged; replace it or pass skipBad to ignore it"
    case .unsupported(let path, let reason):
      return "\(path): \(reason): convert it to an 8-bit gray or RGB PNG"
    case .writeFailed(let path, let reason):
      return "\(path): \(reason): check that the folder exists and is writable"
    }
  }
}
