/// The element types of the safetensors format, by their header spelling.
///
/// All are known so that any well-formed file can be validated; only `float32` and `float64`
/// can be read as values or written.
public enum SafeTensorsDataType: String, CaseIterable, Sendable {
  /// Boolean, one byte.
  case bool = "BOOL"
  /// Unsigned 8-bit integer.
  case uint8 = "U8"
  /// Signed 8-bit integer.
  case int8 = "I8"
  /// Signed 16-bit integer.
  case int16 = "I16"
  /// Unsigned 16-bit integer.
  case uint16 = "U16"
  /// IEEE half precision.
  case float16 = "F16"
  /// bfloat16 (the top half of a float32).
  case bfloat16 = "BF16"
  /// Signed 32-bit integer.
  case int32 = "I32"
  /// Unsigned 32-bit integer.
  case uint32 = "U32"
  /// IEEE single precision.
  case float32 = "F32"
  /// IEEE double precision.
  case float64 = "F64"
  /// Signed 64-bit integer.
  case int64 = "I64"
  /// Unsigned 64-bit integer.
  case uint64 = "U64"

  /// Bytes per element.
  public var byteCount: Int {
    switch self {
    case .bool, .uint8, .int8: return 1
    case .int16, .uint16, .float16, .bfloat16: return 2
    case .int32, .uint32, .float32: return 4
    case .float64, .int64, .uint64: return 8
    }
  }
}
