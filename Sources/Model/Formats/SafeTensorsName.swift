/// The rule for tensor names that become part of checkpoints.
///
/// A name is a dotted path of parameter names such as `encoder.blocks.0.conv.weight`. Names are
/// looked up literally, never used as file paths, but a checkpoint that accepted any string
/// could smuggle path separators or control characters into logs and tooling, so writers and
/// checkpoint readers hold names to this rule.
public enum SafeTensorsName {
  /// The longest name accepted, in UTF-8 bytes.
  public static let maximumLength = 1024

  /// The header key reserved for the string-to-string metadata map.
  public static let metadataKey = "__metadata__"

  /// Throws `SafeTensorsError.invalidName` unless `name` is non-empty, at most `maximumLength`
  /// bytes, and made of dot-separated, non-empty components of ASCII letters, digits, `_`
  /// and `-`.
  public static func validate(_ name: String) throws {
    func reject(_ reason: String) -> SafeTensorsError {
      SafeTensorsError.invalidName(name: name, reason: reason)
    }
    if name.isEmpty { throw reject("it is empty") }
    if name.utf8.count > maximumLength {
      throw reject("it is longer than \(maximumLength) bytes")
    }
    if name == metadataKey { throw reject("it is reserved for metadata") }
    for byte in name.utf8 {
      switch byte {
      case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
        UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"),
        UInt8(ascii: "."):
        continue
      case UInt8(ascii: "/"), UInt8(ascii: "\\"):
        throw reject("it contains a path separator")
      default:
        throw reject("it contains a character other than letters, digits, '_', '-' and '.'")
      }
    }
    if name.split(separator: ".", omittingEmptySubsequences: false).contains(where: \.isEmpty) {
      throw reject("it has an empty component between dots")
    }
  }
}
