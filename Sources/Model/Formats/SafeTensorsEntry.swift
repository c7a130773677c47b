/// One tensor as a safetensors header describes it.
public struct SafeTensorsEntry: Sendable, Equatable {
  /// The tensor's name, the key of its header entry.
  public let name: String
  /// The element type.
  public let dataType: SafeTensorsDataType
  /// The dimensions, outermost first; the data is row-major.
  public let shape: [Int]
  /// The product of `shape` (1 for a scalar).
  public let elementCount: Int
  /// The tensor's bytes, relative to the start of the data buffer that follows the header.
  public let byteRange: Range<Int>
}
