import FaceData
import Plotting
import XCTest

final class ConfusionMatrixPictureTests: XCTestCase {
  private let names = ["Anger", "Disgust", "Fear", "Happiness", "Sadness", "Surprise", "Neutral"]

  /// A 7-class matrix with a strong diagonal, an empty row and a few confusions.
  private var picture: ConfusionMatrixPicture {
    var counts = (0..<7).map { row in (0..<7).map { column in row == column ? 30 + row : 0 } }
    counts[0][1] = 10
    counts[0][2] = 5
    counts[2] = [0, 0, 0, 0, 0, 0, 0]
    return ConfusionMatrixPicture(counts: counts, classNames: names, title: "Recognizer")
  }

  func testRenderedMatrixDecodesFromPNGWithItsSize() throws {
    let folder = try TemporaryFolder()
    let path = folder.file("confusion.png")
    try picture.writePNG(toFile: path)
    let decoded = try PixelImage(contentsOfFile: path)
    XCTAssertEqual(decoded.width, 640)
    XCTAssertEqual(decoded.height, 600)
    XCTAssertEqual(decoded, picture.render())
  }

  func testAccuracyAndRowFractions() {
    let matrix = picture
    let diagonal = (0..<7).filter { $0 != 2 }.map { 30 + $0 }.reduce(0, +)
    XCTAssertEqual(matrix.total, diagonal + 15)
    XCTAssertEqual(matrix.accuracy!, Double(diagonal) / Double(diagonal + 15), accuracy: 1e-12)
    XCTAssertEqual(matrix.rowFraction(row: 0, column: 0), 30.0 / 45.0, accuracy: 1e-12)
    XCTAssertEqual(matrix.rowFraction(row: 2, column: 2), 0, "an empty row")
    XCTAssertNil(
      ConfusionMatrixPicture(counts: [[0, 0], [0, 0]], classNames: ["a", "b"]).accuracy)
  }

  func testShadeDarkensAsTheFractionGrows() {
    let fractions = stride(from: 0.0, through: 1.0, by: 0.05).map { $0 }
    let lumas = fractions.map { ConfusionMatrixPicture.shade(fraction: $0).luma }
    for (darker, lighter) in zip(lumas.dropFirst(), lumas) {
      XCTAssertLessThan(darker, lighter)
    }
    XCTAssertGreaterThan(lumas.first!, 0.95, "an empty cell is nearly white")
    XCTAssertLessThan(lumas.last!, 0.25, "a full cell is a strong blue")
    let full = ConfusionMatrixPicture.shade(fraction: 1)
    XCTAssertGreaterThan(full.blue, full.red)
  }

  func testCellsAreShadedByTheirRowFraction() {
    let matrix = picture
    let image = matrix.render()
    var canvas = Canvas(image: image)
    canvas.clip = canvas.bounds
    func corner(_ row: Int, _ column: Int) -> RGBColor {
      let cell = matrix.cellRectangle(row: row, column: column, width: 640, height: 600)
      XCTAssertGreaterThanOrEqual(cell.width, 40, "cells of a 7-class matrix stay readable")
      return canvas.color(x: cell.left + 1, y: cell.top + 1)
    }
    for (row, column) in [(0, 0), (0, 1), (0, 2), (0, 3), (4, 4)] {
      let expected = ConfusionMatrixPicture.shade(
        fraction: matrix.rowFraction(row: row, column: column))
      XCTAssertEqual(corner(row, column), expected, "cell (\(row), \(column))")
    }
    XCTAssertLessThan(corner(0, 0).luma, corner(0, 1).luma)
    XCTAssertLessThan(corner(0, 1).luma, corner(0, 2).luma)
    XCTAssertLessThan(corner(0, 2).luma, corner(0, 3).luma)
  }

  func testCellsCarryTheirCounts() {
    let matrix = picture
    let canvas = Canvas(image: matrix.render())
    let cell = matrix.cellRectangle(row: 0, column: 0, width: 640, height: 600)
    let fill = canvas.color(x: cell.left + 1, y: cell.top + 1)
    var textPixels = 0
    for y in cell.top..<cell.bottom {
      for x in cell.left..<cell.right where canvas.color(x: x, y: y) != fill { textPixels += 1 }
    }
    XCTAssertGreaterThan(textPixels, 20, "the count and share are written in the cell")
  }

  func testSmallAndDegenerateMatricesRender() {
    let single = ConfusionMatrixPicture(counts: [[0]], classNames: ["only"])
    XCTAssertEqual(single.render(width: 200, height: 150).width, 200)
    let empty = ConfusionMatrixPicture(
      counts: Array(repeating: Array(repeating: 0, count: 6), count: 6),
      classNames: Array(names.prefix(6)))
    XCTAssertEqual(empty.render(width: 300, height: 280).height, 280)
    let crowded = ConfusionMatrixPicture(
      counts: (0..<8).map { row in (0..<8).map { $0 == row ? 123_456 : 7 } },
      classNames: (0..<8).map { "a rather long class name \($0)" })
    XCTAssertEqual(crowded.render(width: 320, height: 300).width, 320)
  }

  func testExpressionSetsNameTheClasses() {
    let counts = Array(repeating: Array(repeating: 1, count: 6), count: 6)
    let matrix = ConfusionMatrixPicture(counts: counts, expressions: .ouluCASIA)
    XCTAssertEqual(matrix.classNames.first, "Anger")
    XCTAssertEqual(matrix.classNames.count, 6)
    XCTAssertEqual(matrix.accuracy!, 1.0 / 6.0, accuracy: 1e-12)
  }
}
