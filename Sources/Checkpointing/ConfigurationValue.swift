/// One value of the training configuration stored in a checkpoint: a JSON scalar (real
/// numbers finite, since JSON has no NaN or infinity).
///
/// The checkpoint does not interpret the configuration; it keeps it so that a resumed run can
/// be compared with the one that saved it, and so that `disttrain checkpoint inspect` can show
/// how a checkpoint was made. Nested settings are flattened by the trainer into dotted keys.
public enum ConfigurationValue: Sendable, Equatable, Codable, CustomStringConvertible {
  /// A whole number (`image_size`, `epochs`).
  case integer(Int)
  /// A real number (`learning_rate`).
  case number(Double)
  /// Text (`data_directory`).
  case text(String)
  /// A switch (`identity_loss`).
  case boolean(Bool)

  /// Decodes a JSON scalar; a number without a fraction becomes `integer`.
  public init(from decoder: Decoder) throws {
    let container = try decoder.singleValueContainer()
    if let value = try? container.decode(Bool.self) {
      self = .boolean(value)
    } else if let value = try? container.decode(Int.self) {
      self = .integer(value)
    } else if let value = try? container.decode(Double.self) {
      self = .number(value)
    } else {
      self = .text(try container.decode(String.self))
    }
  }

  /// Encodes the value as the JSON scalar of its kind.
  public func encode(to encoder: Encoder) throws {
    var container = encoder.singleValueContainer()
    switch self {
    case .integer(let value): try container.encode(value)
    case .number(let value): try container.encode(value)
    case .text(let value): try container.encode(value)
    case .boolean(let value): try container.encode(value)
    }
  }

  /// Whether two values mean the same setting. A real number that happens to be whole is
  /// written to JSON without a fraction and read back as an integer, so `.number(10)` equals
  /// `.integer(10)`: a configuration compares equal after a round trip through a manifest.
  public static func == (left: ConfigurationValue, right: ConfigurationValue) -> Bool {
    switch (left, right) {
    case (.integer(let left), .integer(let right)): return left == right
    case (.number(let left), .number(let right)): return left == right
    case (.integer(let left), .number(let right)): return Double(left) == right
    case (.number(let left), .integer(let right)): return left == Double(right)
    case (.text(let left), .text(let right)): return left == right
    case (.boolean(let left), .boolean(let right)): return left == right
    default: return false
    }
  }

  /// The value as it would appear in JSON (text quoted).
  public var description: String {
    switch self {
    case .integer(let value): return String(value)
    case .number(let value): return String(value)
    case .text(let value): return "\"\(value)\""
    case .boolean(let value): return String(value)
    }
  }
}
