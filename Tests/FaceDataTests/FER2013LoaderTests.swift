import FaceData
import Foundation
import XCTest

final class FER2013LoaderTests: XCTestCase {
  private func row(_ emotion: String, _ pixels: [Int], _ usage: String) -> String {
    "\(emotion),\(pixels.map(String.init).joined(separator: " ")),\(usage)"
  }

  private func pixels(_ seed: Int, count: Int = 2304) -> [Int] {
    (0..<count).map { ($0 * 31 + seed * 17) % 256 }
  }

  private func write(_ lines: [String], in folder: TemporaryFolder) throws -> String {
    try folder.write(Array((lines.joined(separator: "\r\n") + "\r\n").utf8), to: "fer2013.csv")
  }

  private func assertLoadFails(
    _ path: String, file: StaticString = #filePath, line: UInt = #line,
    _ expected: FaceDataError
  ) {
    XCTAssertThrowsError(try FER2013Loader.load(path: path), file: file, line: line) {
      XCTAssertEqual($0 as? FaceDataError, expected, file: file, line: line)
    }
  }

  private var everyClass: [String] {
    (0..<7).map { row(String($0), pixels($0), ["Training", "PublicTest", "PrivateTest"][$0 % 3]) }
  }

  func testLoadsRowsLabelsAndUsages() throws {
    let folder = try TemporaryFolder()
    let path = try write(["emotion,pixels,Usage"] + everyClass, in: folder)
    let data = try FER2013Loader.load(path: path)
    XCTAssertEqual(data.images.count, 7)
    XCTAssertEqual(data.images.labels, Array(0..<7))
    XCTAssertEqual(data.images.image(at: 3).bytes, pixels(3).map(UInt8.init))
    XCTAssertEqual(data.indices(of: .training), [0, 3, 6])
    XCTAssertEqual(data.indices(of: .publicTest), [1, 4])
    XCTAssertEqual(data.indices(of: .privateTest), [2, 5])
    XCTAssertEqual(data.images.expressions, .fer2013)
    let resized = try FER2013Loader.load(path: path, imageSize: 64, channels: 3)
    XCTAssertEqual(resized.images.image(at: 0).width, 64)
    XCTAssertEqual(resized.images.channels, 3)
  }

  func testWrongPixelCountNamesTheLine() throws {
    let folder = try TemporaryFolder()
    let path = try write(
      ["emotion,pixels,Usage"] + everyClass + [row("2", pixels(1, count: 2300), "Training")],
      in: folder)
    assertLoadFails(path, .wrongPixelCount(path: path, line: 9, found: 2300, expected: 2304))
    let data = try FER2013Loader.load(path: path, skipBad: true)
    XCTAssertEqual(data.images.count, 7)
    XCTAssertEqual(data.summary.skipped.map(\.origin), ["\(path):9"])
  }

  func testBadHeaderLabelUsageFieldsAndValues() throws {
    let folder = try TemporaryFolder()
    let header = try write(["label,image"] + everyClass, in: folder)
    assertLoadFails(
      header, .badCSVHeader(path: header, found: "label,image", expected: "emotion,pixels,Usage"))
    let cases: [(String, String)] = [
      (row("9", pixels(0), "Training"), "emotion \"9\" is not a label 0 to 6"),
      (
        row("1", pixels(0), "Validation"),
        "usage \"Validation\" is not Training, PublicTest or PrivateTest"
      ),
      ("1,2,3,Training", "4 fields, expected 3 (emotion,pixels,Usage)"),
      (
        row("1", pixels(0, count: 2303) + [256], "Training"),
        "pixel value \"256\" is not an integer 0 to 255"
      ),
    ]
    for (bad, reason) in cases {
      let path = try write(["emotion,pixels,Usage", bad] + everyClass, in: folder)
      assertLoadFails(path, .badCSVRow(path: path, line: 2, reason: reason))
    }
  }

  func testMissingFileAndMissingClass() throws {
    XCTAssertThrowsError(try FER2013Loader.load(path: "/nonexistent/fer.csv")) {
      guard case .unreadableCSV(let path, _) = $0 as? FaceDataError else { return XCTFail("\($0)") }
      XCTAssertEqual(path, "/nonexistent/fer.csv")
    }
    let folder = try TemporaryFolder()
    let noSurprise = try write(
      ["emotion,pixels,Usage"] + everyClass.filter { !$0.hasPrefix("5,") }, in: folder)
    assertLoadFails(noSurprise, .emptyClass(path: noSurprise, className: "Surprise"))
  }
}
