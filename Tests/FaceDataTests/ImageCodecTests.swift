import FaceData
import Foundation
import XCTest

final class ImageCodecTests: XCTestCase {
  private func gradient(width: Int, height: Int, channels: Int) -> PixelImage {
    var bytes: [UInt8] = []
    for y in 0..<height {
      for x in 0..<width {
        for k in 0..<channels { bytes.append(UInt8((x * 7 + y * 13 + k * 50) % 256)) }
      }
    }
    return PixelImage(width: width, height: height, channels: channels, bytes: bytes)
  }

  func testPNGRoundTripIsExact() throws {
    let folder = try TemporaryFolder()
    for channels in [1, 3] {
      let image = gradient(width: 37, height: 21, channels: channels)
      let path = try folder.file("round-\(channels).png")
      try image.writePNG(toFile: path)
      XCTAssertEqual(try PixelImage(contentsOfFile: path), image)
    }
  }

  func testJPEGRoundTripIsClose() throws {
    let folder = try TemporaryFolder()
    for channels in [1, 3] {
      let image = SynthFaces.render(
        seed: 1, subject: 0, expression: .happiness, index: 0, imageSize: 64, channels: channels)
      let path = try folder.file("round-\(channels).jpg")
      try image.writeJPEG(toFile: path, quality: 95)
      let decoded = try PixelImage(contentsOfFile: path)
      XCTAssertEqual(decoded.channels, channels)
      XCTAssertEqual(decoded.width, 64)
      let error = zip(decoded.bytes, image.bytes).map { abs(Int($0) - Int($1)) }
      XCTAssertLessThan(Double(error.reduce(0, +)) / Double(error.count), 4)
    }
  }

  func testPaletteSixteenBitGrayAlphaAndOneBitExpand() throws {
    let palette = PNGFixture.file(
      width: 2, height: 1, bitDepth: 8, colorType: 3, rows: [[1, 0]],
      palette: [10, 20, 30, 200, 100, 50])
    XCTAssertEqual(
      try PixelImage(encoded: palette, name: "palette").bytes, [200, 100, 50, 10, 20, 30])
    let deep = PNGFixture.file(
      width: 1, height: 1, bitDepth: 16, colorType: 2, rows: [[0x12, 0x34, 0xAB, 0xCD, 0xFF, 0xFF]])
    XCTAssertEqual(try PixelImage(encoded: deep, name: "16-bit").bytes, [0x12, 0xAB, 0xFF])
    let grayAlpha = PNGFixture.file(
      width: 2, height: 1, bitDepth: 8, colorType: 4, rows: [[77, 0, 99, 255]])
    let decodedGray = try PixelImage(encoded: grayAlpha, name: "gray-alpha")
    XCTAssertEqual(decodedGray.channels, 1)
    XCTAssertEqual(decodedGray.bytes, [77, 99])
    let oneBit = PNGFixture.file(
      width: 3, height: 1, bitDepth: 1, colorType: 0, rows: [[0b1010_0000]])
    XCTAssertEqual(try PixelImage(encoded: oneBit, name: "1-bit").bytes, [255, 0, 255])
    let rgba = PNGFixture.file(
      width: 1, height: 1, bitDepth: 8, colorType: 6, rows: [[1, 2, 3, 4]])
    XCTAssertEqual(try PixelImage(encoded: rgba, name: "rgba").bytes, [1, 2, 3])
  }

  func testMissingFileIsUnreadable() {
    XCTAssertThrowsError(try PixelImage(contentsOfFile: "/nonexistent/face.png")) { error in
      guard case .unreadable(let path, _) = error as? ImageFileError else {
        return XCTFail("unexpected \(error)")
      }
      XCTAssertEqual(path, "/nonexistent/face.png")
    }
  }

  func testTextAndEmptyFilesAreNotImages() throws {
    let folder = try TemporaryFolder()
    let text = try folder.write(Array("not an image at all".utf8), to: "notes.png")
    let empty = try folder.write([], to: "empty.jpg")
    for path in [text, empty] {
      XCTAssertThrowsError(try PixelImage(contentsOfFile: path)) { error in
        XCTAssertEqual(error as? ImageFileError, .notAnImage(path: path))
        XCTAssertTrue("\(error)".contains(path))
      }
    }
  }

  func testTruncatedAndDamagedFilesAreCorrupt() throws {
    let folder = try TemporaryFolder()
    let image = gradient(width: 40, height: 40, channels: 3)
    let png = try folder.file("whole.png")
    let jpeg = try folder.file("whole.jpg")
    try image.writePNG(toFile: png)
    try image.writeJPEG(toFile: jpeg)
    let pngBytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: png)))
    let jpegBytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: jpeg)))
    var damaged = pngBytes
    damaged[60] ^= 0xFF
    let cases = [
      try folder.write(Array(pngBytes.prefix(pngBytes.count / 2)), to: "half.png"),
      try folder.write(Array(jpegBytes.prefix(jpegBytes.count / 2)), to: "half.jpg"),
      try folder.write(Array(pngBytes.prefix(12)), to: "header-only.png"),
      try folder.write(damaged, to: "damaged.png"),
    ]
    for path in cases {
      XCTAssertThrowsError(try PixelImage(contentsOfFile: path), path) { error in
        guard case .corrupt(let failing, let reason) = error as? ImageFileError else {
          return XCTFail("\(path): unexpected \(error)")
        }
        XCTAssertEqual(failing, path)
        XCTAssertFalse(reason.isEmpty)
      }
    }
  }

  func testWritingIntoMissingFolderFails() {
    let image = gradient(width: 4, height: 4, channels: 1)
    XCTAssertThrowsError(try image.writePNG(toFile: "/nonexistent/folder/out.png")) { error in
      guard case .writeFailed = error as? ImageFileError else {
        return XCTFail("unexpected \(error)")
      }
    }
    XCTAssertThrowsError(try image.writeJPEG(toFile: "/nonexistent/folder/out.jpg"))
  }

  func testAreaResizeAveragesAndBilinearKeepsConstants() {
    // A 4x4 image of 2x2 blocks 0, 100 / 200, 40 shrinks to exactly those values.
    var bytes = [UInt8](repeating: 0, count: 16)
    for y in 0..<4 {
      for x in 0..<4 { bytes[y * 4 + x] = [[0, 100], [200, 40]][y / 2][x / 2] }
    }
    let image = PixelImage(width: 4, height: 4, channels: 1, bytes: bytes)
    XCTAssertEqual(image.resized(width: 2, height: 2).bytes, [0, 100, 200, 40])
    XCTAssertEqual(image.resized(width: 1, height: 1).bytes, [85])
    // 3 -> 2 pixels: each output covers 1.5 inputs.
    let row = PixelImage(width: 3, height: 1, channels: 1, bytes: [0, 90, 180])
    XCTAssertEqual(row.resized(width: 2, height: 1).bytes, [30, 150])
    let flat = PixelImage(width: 5, height: 3, channels: 3, fill: 123)
    XCTAssertEqual(
      flat.resized(width: 11, height: 7), PixelImage(width: 11, height: 7, channels: 3, fill: 123))
    let ramp = PixelImage(width: 2, height: 1, channels: 1, bytes: [0, 200])
    XCTAssertEqual(ramp.resized(width: 4, height: 1).bytes, [0, 50, 150, 200])
  }

  func testCropAndChannelConversion() {
    let wide = gradient(width: 10, height: 4, channels: 3)
    let square = wide.centerCropped()
    XCTAssertEqual(square.width, 4)
    XCTAssertEqual(Array(square.bytes.prefix(3)), Array(wide.bytes[9..<12]))
    let gray = PixelImage(width: 1, height: 1, channels: 3, bytes: [255, 0, 0]).converted(
      toChannels: 1)
    XCTAssertEqual(gray.bytes, [76])
    XCTAssertEqual(gray.converted(toChannels: 3).bytes, [76, 76, 76])
  }

  func testPlanarFloatsRoundTrip() {
    let image = gradient(width: 6, height: 6, channels: 3)
    var floats = [Float](repeating: 0, count: 108)
    floats.withUnsafeMutableBufferPointer { image.writePlanarFloats(into: $0.baseAddress!) }
    XCTAssertEqual(floats[0], Float(image.bytes[0]) / 127.5 - 1, accuracy: 1e-6)
    XCTAssertEqual(floats[36], Float(image.bytes[1]) / 127.5 - 1, accuracy: 1e-6)
    XCTAssertTrue(floats.allSatisfy { $0 >= -1 && $0 <= 1 })
    let back = floats.withUnsafeBufferPointer {
      PixelImage(planarFloats: $0.baseAddress!, size: 6, channels: 3)
    }
    XCTAssertEqual(back, image)
  }
}

final class ImageCodecPathTests: XCTestCase {
  func testFolderIsUnreadable() throws {
    let folder = try TemporaryFolder()
    XCTAssertThrowsError(try PixelImage(contentsOfFile: folder.path)) { error in
      guard case .unreadable(let path, let reason) = error as? ImageFileError else {
        return XCTFail("unexpected \(error)")
      }
      XCTAssertEqual(path, folder.path)
      XCTAssertTrue(reason.contains("directory"), reason)
    }
  }
}
