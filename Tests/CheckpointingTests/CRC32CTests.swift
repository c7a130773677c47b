import Checkpointing
import XCTest

final class CRC32CTests: XCTestCase {
  /// The check value of the CRC catalogue and the iSCSI test vectors of RFC 3720, B.4.
  func testKnownVectors() {
    XCTAssertEqual(CRC32C.checksum("123456789"), 0xE306_9283)
    XCTAssertEqual(CRC32C.checksum(""), 0)
    XCTAssertEqual(checksum([UInt8](repeating: 0, count: 32)), 0x8A91_36AA)
    XCTAssertEqual(checksum([UInt8](repeating: 0xFF, count: 32)), 0x62A8_AB43)
    XCTAssertEqual(checksum((0..<32).map { UInt8($0) }), 0x46DD_794E)
    XCTAssertEqual(checksum((0..<32).map { UInt8(31 - $0) }), 0x113F_DB5C)
  }

  /// Slicing-by-8 agrees with the bit-at-a-time definition at every length and alignment, and
  /// feeding the bytes in pieces gives the checksum of the whole.
  func testAgreesWithBitwiseDefinitionInPieces() {
    var generator = SplitMix(state: 7)
    let bytes = (0..<1000).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
    for length in [0, 1, 7, 8, 9, 15, 16, 17, 63, 64, 65, 999, 1000] {
      let prefix = Array(bytes[..<length])
      XCTAssertEqual(checksum(prefix), bitwise(prefix), "length \(length)")
    }
    for split in [1, 3, 8, 13, 500] {
      var crc = CRC32C()
      bytes[..<split].withUnsafeBytes { crc.update($0) }
      bytes[split...].withUnsafeBytes { crc.update($0) }
      XCTAssertEqual(crc.value, bitwise(bytes), "split at \(split)")
    }
  }

  private func checksum(_ bytes: [UInt8]) -> UInt32 {
    bytes.withUnsafeBytes { CRC32C.checksum($0) }
  }

  /// CRC-32C one bit at a time, straight from its definition.
  private func bitwise(_ bytes: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes {
      crc ^= UInt32(byte)
      for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
    }
    return ~crc
  }
}
