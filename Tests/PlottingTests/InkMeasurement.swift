import Plotting
import XCTest

/// The pixels of a canvas that differ from a background color.
struct InkMeasurement {
  /// Coordinates of every pixel that is not the background.
  let pixels: [(x: Int, y: Int)]

  init(_ canvas: Canvas, background: RGBColor = .white) {
    var found: [(x: Int, y: Int)] = []
    for y in 0..<canvas.height {
      for x in 0..<canvas.width where canvas.color(x: x, y: y) != background {
        found.append((x, y))
      }
    }
    pixels = found
  }

  /// The smallest rectangle holding all ink; nil without ink.
  var boundingBox: PixelRectangle? {
    guard let first = pixels.first else { return nil }
    var left = first.x
    var right = first.x
    var top = first.y
    var bottom = first.y
    for pixel in pixels {
      left = min(left, pixel.x)
      right = max(right, pixel.x)
      top = min(top, pixel.y)
      bottom = max(bottom, pixel.y)
    }
    return PixelRectangle(left: left, top: top, width: right - left + 1, height: bottom - top + 1)
  }
}

/// Asserts that two colors differ by at most `tolerance` in every channel.
func assertColorsClose(
  _ actual: RGBColor, _ expected: RGBColor, tolerance: Int = 0, _ message: String = "",
  file: StaticString = #filePath, line: UInt = #line
) {
  let differences = [
    Int(actual.red) - Int(expected.red), Int(actual.green) - Int(expected.green),
    Int(actual.blue) - Int(expected.blue),
  ]
  XCTAssertTrue(
    differences.allSatisfy { abs($0) <= tolerance },
    "\(actual) is not within \(tolerance) of \(expected). \(message)", file: file, line: line)
}
