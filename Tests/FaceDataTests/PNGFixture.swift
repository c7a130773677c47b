/// Hand-built PNG files in layouts the module's encoder does not write (palette, 16-bit,
/// gray with alpha, 1-bit), to test that decoding converts them. The image data is stored
/// uncompressed inside the zlib stream, so no compressor is needed.
enum PNGFixture {
  /// A PNG of the given IHDR color type and bit depth whose unfiltered rows are `rows`.
  static func file(
    width: Int, height: Int, bitDepth: UInt8, colorType: UInt8, rows: [[UInt8]],
    palette: [UInt8]? = nil
  ) -> [UInt8] {
    var header: [UInt8] = []
    header += bigEndian(UInt32(width)) + bigEndian(UInt32(height))
    header += [bitDepth, colorType, 0, 0, 0]
    var raw: [UInt8] = []
    for row in rows { raw += [0] + row }
    var bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    bytes += chunk("IHDR", header)
    if let palette { bytes += chunk("PLTE", palette) }
    bytes += chunk("IDAT", zlibStored(raw))
    bytes += chunk("IEND", [])
    return bytes
  }

  static func bigEndian(_ value: UInt32) -> [UInt8] {
    [
      UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF),
      UInt8(value & 0xFF),
    ]
  }

  static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
    let typeBytes = Array(type.utf8)
    return bigEndian(UInt32(data.count)) + typeBytes + data + bigEndian(crc32(typeBytes + data))
  }

  /// A zlib stream of one stored (uncompressed) deflate block; `data` is under 64 KiB.
  static func zlibStored(_ data: [UInt8]) -> [UInt8] {
    precondition(data.count < 65536)
    let length = UInt16(data.count)
    var result: [UInt8] = [0x78, 0x01, 0x01]
    result += [
      UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8(~length >> 8),
    ]
    result += data
    var a: UInt32 = 1
    var b: UInt32 = 0
    for byte in data {
      a = (a + UInt32(byte)) % 65521
      b = (b + a) % 65521
    }
    return result + bigEndian(b << 16 | a)
  }

  static func crc32(_ data: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in data {
      crc ^= UInt32(byte)
      for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
    }
    return ~crc
  }
}
