/// CRC-32C (Castagnoli): the checksum of every checkpoint shard.
///
/// Reflected polynomial 0x82F63B78, initial value and final XOR 0xFFFFFFFF, as in iSCSI, ext4
/// and Google's crc32c library, so a shard can be checked with any of their tools
/// (`CRC32C.checksum("123456789")` is 0xE3069283). Computed with slicing-by-8: eight tables
/// let each step fold eight bytes, several times faster than one table per byte.
public struct CRC32C: Sendable {
  /// The reflected Castagnoli polynomial.
  static let polynomial: UInt32 = 0x82F6_3B78

  /// Eight tables of 256 entries, back to back: entry `256 * k + b` is the CRC of byte `b`
  /// followed by `k` zero bytes.
  static let table: [UInt32] = {
    var table = [UInt32](repeating: 0, count: 8 * 256)
    for byte in 0..<256 {
      var crc = UInt32(byte)
      for _ in 0..<8 { crc = (crc >> 1) ^ (crc & 1 == 1 ? polynomial : 0) }
      table[byte] = crc
    }
    for slice in 1..<8 {
      for byte in 0..<256 {
        let previous = table[256 * (slice - 1) + byte]
        table[256 * slice + byte] = (previous >> 8) ^ table[Int(previous & 0xFF)]
      }
    }
    return table
  }()

  /// The running register, before the final XOR.
  private var register: UInt32 = 0xFFFF_FFFF

  /// A checksum of no bytes yet.
  public init() {}

  /// The checksum of the bytes given so far.
  public var value: UInt32 { register ^ 0xFFFF_FFFF }

  /// Feeds `bytes`, in order after the bytes given before.
  public mutating func update(_ bytes: UnsafeRawBufferPointer) {
    guard let base = bytes.baseAddress, bytes.count > 0 else { return }
    register = Self.table.withUnsafeBufferPointer { Self.fold(register, base, bytes.count, $0) }
  }

  /// Feeds the bytes of `sequence`.
  public mutating func update<Bytes: Sequence>(_ sequence: Bytes) where Bytes.Element == UInt8 {
    let array = Array(sequence)
    array.withUnsafeBytes { update($0) }
  }

  /// The checksum of `bytes`.
  public static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
    var crc = CRC32C()
    crc.update(bytes)
    return crc.value
  }

  /// The checksum of the UTF-8 bytes of `text`.
  public static func checksum(_ text: String) -> UInt32 {
    var crc = CRC32C()
    crc.update(Array(text.utf8))
    return crc.value
  }

  /// Folds `count` bytes at `base` into `crc`: eight at a time while eight remain, then one.
  private static func fold(
    _ crc: UInt32, _ base: UnsafeRawPointer, _ count: Int, _ table: UnsafeBufferPointer<UInt32>
  ) -> UInt32 {
    var crc = crc
    var offset = 0
    while count - offset >= 8 {
      let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
      let low = UInt32(truncatingIfNeeded: word) ^ crc
      let high = UInt32(truncatingIfNeeded: word >> 32)
      crc =
        table[7 * 256 + Int(low & 0xFF)] ^ table[6 * 256 + Int((low >> 8) & 0xFF)]
        ^ table[5 * 256 + Int((low >> 16) & 0xFF)] ^ table[4 * 256 + Int(low >> 24)]
        ^ table[3 * 256 + Int(high & 0xFF)] ^ table[2 * 256 + Int((high >> 8) & 0xFF)]
        ^ table[256 + Int((high >> 16) & 0xFF)] ^ table[Int(high >> 24)]
      offset += 8
    }
    while offset < count {
      let byte = base.load(fromByteOffset: offset, as: UInt8.self)
      crc = (crc >> 8) ^ table[Int((crc ^ UInt32(byte)) & 0xFF)]
      offset += 1
    }
    return crc
  }
}
