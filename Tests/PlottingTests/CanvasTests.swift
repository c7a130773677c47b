import FaceData
import Plotting
import XCTest

final class CanvasTests: XCTestCase {
  /// The letter H is two full columns joined by a bar: 6 + 6 + 5 = 17 pixels at scale 1.
  func testTextDrawsExactlyTheGlyphPixels() {
    var canvas = Canvas(width: 40, height: 30)
    canvas.drawText("H", at: CanvasPoint(x: 10, y: 10), color: .black)
    let ink = InkMeasurement(canvas)
    XCTAssertEqual(ink.pixels.count, 17)
    XCTAssertEqual(ink.boundingBox, PixelRectangle(left: 10, top: 10, width: 5, height: 7))
    XCTAssertEqual(canvas.color(x: 10, y: 10), .black)
    XCTAssertEqual(canvas.color(x: 12, y: 10), .white, "the gap between the legs of the H")
    XCTAssertEqual(canvas.color(x: 12, y: 13), .black, "the bar of the H")
  }

  func testScaledTextCoversSquaresPerFontPixel() {
    var canvas = Canvas(width: 40, height: 30)
    canvas.drawText("H", at: CanvasPoint(x: 4, y: 2), color: .black, scale: 3)
    let ink = InkMeasurement(canvas)
    XCTAssertEqual(ink.pixels.count, 17 * 9)
    XCTAssertEqual(ink.boundingBox, PixelRectangle(left: 4, top: 2, width: 15, height: 21))
  }

  func testAlignmentAndBaselinePlaceTheText() {
    var canvas = Canvas(width: 60, height: 40)
    canvas.drawText(
      "HH", at: CanvasPoint(x: 50, y: 30), color: .black, alignment: .trailing,
      baseline: .bottom)
    XCTAssertEqual(BitmapFont.width(of: "HH"), 11)
    XCTAssertEqual(
      InkMeasurement(canvas).boundingBox, PixelRectangle(left: 39, top: 23, width: 11, height: 7))
  }

  func testDescendersReachBelowTheBaseline() {
    var canvas = Canvas(width: 20, height: 20)
    canvas.drawText("g", at: CanvasPoint(x: 2, y: 2), color: .black)
    let box = InkMeasurement(canvas).boundingBox!
    XCTAssertEqual(box.top, 4, "lower case starts two rows below the capitals")
    XCTAssertEqual(box.bottom, 2 + BitmapFont.glyphHeight)
  }

  func testUpwardTextIsTurnedAQuarterTurn() {
    var canvas = Canvas(width: 40, height: 40)
    canvas.drawText("HI", at: CanvasPoint(x: 10, y: 30), color: .black, direction: .upward)
    let box = InkMeasurement(canvas).boundingBox!
    let length = BitmapFont.width(of: "HI")
    XCTAssertEqual(box, PixelRectangle(left: 10, top: 30 - length, width: 7, height: length))
    // The H comes first, so it is at the bottom; its left leg becomes the bottom row.
    for x in 10..<17 { XCTAssertEqual(canvas.color(x: x, y: 29), .black) }
  }

  func testSpacesAndUnknownCharactersKeepTheirPlace() {
    XCTAssertGreaterThan(BitmapFont.width(of: "a b"), BitmapFont.width(of: "ab"))
    XCTAssertEqual(BitmapFont.width(of: "\u{00E9}"), BitmapFont.width(of: "?"))
    XCTAssertEqual(BitmapFont.width(of: "0"), BitmapFont.width(of: "1"), "digits line up")
    XCTAssertLessThan(BitmapFont.width(of: "i"), BitmapFont.width(of: "m"), "letters do not")
  }

  func testEveryPrintableCharacterHasInkExceptTheSpace() {
    for code in 33...126 {
      var canvas = Canvas(width: 12, height: 12)
      let character = String(UnicodeScalar(UInt8(code)))
      canvas.drawText(character, at: CanvasPoint(x: 2, y: 1), color: .black)
      XCTAssertFalse(InkMeasurement(canvas).pixels.isEmpty, "no ink for \(character)")
    }
  }

  func testLinesCoverTheirPathAndNothingFarFromIt() {
    var canvas = Canvas(width: 50, height: 50)
    canvas.strokeLine(
      from: CanvasPoint(x: 5, y: 5), to: CanvasPoint(x: 45, y: 45), color: .black, lineWidth: 2)
    XCTAssertEqual(canvas.color(x: 25, y: 25), .black)
    XCTAssertEqual(canvas.color(x: 40, y: 40), .black)
    XCTAssertEqual(canvas.color(x: 30, y: 20), .white)
    for (x, y) in InkMeasurement(canvas).pixels {
      let distance = abs(Double(x) + 0.5 - (Double(y) + 0.5)) / 2.0.squareRoot()
      XCTAssertLessThan(distance, 2.1, "ink at (\(x), \(y)) is too far from the line")
    }
  }

  func testEdgesOfALineAreBlended() {
    var canvas = Canvas(width: 30, height: 30)
    canvas.strokeLine(
      from: CanvasPoint(x: 3, y: 3), to: CanvasPoint(x: 27, y: 20), color: .black, lineWidth: 1)
    let grays = InkMeasurement(canvas).pixels.map { canvas.color(x: $0.x, y: $0.y).red }
    XCTAssertTrue(grays.contains { $0 > 0 && $0 < 255 }, "a slanted line has partial pixels")
  }

  func testClipLimitsDrawing() {
    var canvas = Canvas(width: 30, height: 30)
    canvas.clip = PixelRectangle(left: 10, top: 10, width: 10, height: 10)
    canvas.fill(PixelRectangle(left: 0, top: 0, width: 30, height: 30), color: .black)
    canvas.fillCircle(center: CanvasPoint(x: 5, y: 5), radius: 4, color: .black)
    canvas.drawText("H", at: CanvasPoint(x: 22, y: 22), color: .black)
    XCTAssertEqual(InkMeasurement(canvas).boundingBox, canvas.clip)
    XCTAssertEqual(InkMeasurement(canvas).pixels.count, 100)
  }

  func testFarAwayShapesAreIgnored() {
    var canvas = Canvas(width: 20, height: 20)
    canvas.strokePolyline(
      [CanvasPoint(x: -1e15, y: 3.5), CanvasPoint(x: 1e15, y: 3.5)], color: .black, lineWidth: 1)
    canvas.fillCircle(center: CanvasPoint(x: 1e12, y: -1e12), radius: 3, color: .black)
    XCTAssertEqual(canvas.color(x: 10, y: 3), .black)
    XCTAssertEqual(InkMeasurement(canvas).boundingBox?.height, 1)
  }

  func testCircleIsRoundAndCentered() {
    var canvas = Canvas(width: 30, height: 30)
    canvas.fillCircle(center: CanvasPoint(x: 15, y: 15), radius: 5, color: .black)
    XCTAssertEqual(canvas.color(x: 15, y: 15), .black)
    XCTAssertEqual(canvas.color(x: 18, y: 15), .black)
    XCTAssertEqual(canvas.color(x: 19, y: 19), .white, "the corner of the bounding square")
    let box = InkMeasurement(canvas).boundingBox!
    XCTAssertEqual(box.left + box.right, 30, "symmetric about the center")
  }

  func testCanvasWritesAPNGThatDecodesToTheSamePixels() throws {
    let folder = try TemporaryFolder()
    var canvas = Canvas(width: 31, height: 17, background: RGBColor(hex: 0x102030))
    canvas.drawText("ok", at: CanvasPoint(x: 2, y: 2), color: .white)
    let path = folder.file("canvas.png")
    try canvas.writePNG(toFile: path)
    XCTAssertEqual(try PixelImage(contentsOfFile: path), canvas.image)
  }
}
