import FaceData
import Plotting
import XCTest

final class LineChartTests: XCTestCase {
  private func pixel(_ image: PixelImage, _ point: CanvasPoint) -> RGBColor {
    let offset = (Int(point.y) * image.width + Int(point.x)) * 3
    return RGBColor(
      red: image.bytes[offset], green: image.bytes[offset + 1], blue: image.bytes[offset + 2])
  }

  private var lossChart: LineChart {
    var chart = LineChart(title: "Critic", xLabel: "step", yLabel: "loss")
    chart.add(LineSeries(name: "real", x: [0, 100, 200, 300], y: [-4, -3, -2.5, -1]))
    chart.add(LineSeries(name: "fake", x: [0, 100, 200, 300], y: [3, 2, 1.5, 1]))
    return chart
  }

  func testRenderedChartDecodesFromPNGWithItsSize() throws {
    let folder = try TemporaryFolder()
    let path = folder.file("loss.png")
    try lossChart.writePNG(toFile: path)
    let decoded = try PixelImage(contentsOfFile: path)
    XCTAssertEqual(decoded.width, 800)
    XCTAssertEqual(decoded.height, 500)
    XCTAssertEqual(decoded.channels, 3)
    XCTAssertEqual(decoded, lossChart.render())
    try lossChart.writePNG(toFile: path, width: 300, height: 200)
    XCTAssertEqual(try PixelImage(contentsOfFile: path).width, 300)
  }

  func testAxisMinimumLandsOnTheAxisLines() {
    let frame = lossChart.frame(width: 800, height: 500)
    XCTAssertEqual(frame.xAxis.lower, 0)
    XCTAssertEqual(frame.yAxis.lower, -4)
    let corner = frame.position(x: 0, y: -4)
    XCTAssertEqual(corner.x, Double(frame.plotArea.left) + 0.5)
    XCTAssertEqual(corner.y, Double(frame.plotArea.bottom) - 0.5)
    let opposite = frame.position(x: frame.xAxis.upper, y: frame.yAxis.upper)
    XCTAssertEqual(opposite.x, Double(frame.plotArea.right) - 0.5)
    XCTAssertEqual(opposite.y, Double(frame.plotArea.top) + 0.5)
  }

  func testSeriesAreDrawnAtTheirPositionsInTheirColors() {
    let chart = lossChart
    let image = chart.render()
    let frame = chart.frame(width: 800, height: 500)
    XCTAssertEqual(pixel(image, frame.position(x: 0, y: -4)), chart.color(ofSeries: 0))
    XCTAssertEqual(pixel(image, frame.position(x: 200, y: -2.5)), chart.color(ofSeries: 0))
    XCTAssertEqual(pixel(image, frame.position(x: 150, y: 1.75)), chart.color(ofSeries: 1))
    XCTAssertNotEqual(chart.color(ofSeries: 0), chart.color(ofSeries: 1))
    let between = pixel(image, frame.position(x: 150, y: -3))
    XCTAssertTrue([.white, .gridLine].contains(between), "away from both lines: \(between)")
  }

  func testEmptyChartDrawsAxesAndANote() {
    let empty = LineChart(title: "Nothing yet", xLabel: "step", yLabel: "loss")
    let frame = empty.frame(width: 800, height: 500)
    XCTAssertFalse(frame.hasData)
    XCTAssertEqual(frame.xAxis.lower, 0)
    XCTAssertEqual(frame.xAxis.upper, 1)
    var canvas = Canvas(image: empty.render())
    let area = frame.plotArea
    XCTAssertNotEqual(canvas.color(x: area.left, y: area.top + 10), .white, "the axis line")
    canvas.clip = area.inset(by: 1)
    XCTAssertFalse(InkMeasurement(Canvas(image: canvas.image)).pixels.isEmpty)
    let middle = (area.left + area.width / 2 - 40)..<(area.left + area.width / 2 + 40)
    let noteInk = middle.filter {
      canvas.color(x: $0, y: area.top + area.height / 2) == .secondaryInk
    }
    XCTAssertFalse(noteInk.isEmpty, "the no-data note in the middle of the plot")
  }

  func testOnePointIsDrawnAsADot() {
    let chart = LineChart(series: [LineSeries(name: "only", points: [(x: 100, y: 0.5)])])
    let frame = chart.frame(width: 400, height: 300)
    XCTAssertTrue(frame.hasData)
    XCTAssertLessThan(frame.xAxis.lower, 100)
    XCTAssertGreaterThan(frame.xAxis.upper, 100)
    let image = chart.render(width: 400, height: 300)
    XCTAssertEqual(pixel(image, frame.position(x: 100, y: 0.5)), chart.color(ofSeries: 0))
  }

  func testNonFiniteValuesAreSkippedAndBreakTheLine() {
    let values = [1.0, 2, .nan, 4, .infinity, 6, -.infinity]
    let chart = LineChart(series: [LineSeries(name: "loss", values: values, showsMarkers: false)])
    let frame = chart.frame(width: 500, height: 300)
    XCTAssertEqual(frame.yAxis.upper, 6)
    let image = chart.render(width: 500, height: 300)
    let color = chart.color(ofSeries: 0)
    XCTAssertEqual(pixel(image, frame.position(x: 0.5, y: 1.5)), color)
    XCTAssertNotEqual(pixel(image, frame.position(x: 2.5, y: 3)), color, "no bridge over NaN")
    XCTAssertEqual(pixel(image, frame.position(x: 3, y: 4)), color, "isolated point as a dot")
  }

  func testDegenerateSeriesRenderWithoutTrouble() {
    let cases: [[Double]] = [[], [.nan], [.nan, .nan], [2, 2, 2], [-1e-12, 1e-12], [0], [-5e30]]
    for values in cases {
      let chart = LineChart(title: "t", series: [LineSeries(name: "s", values: values)])
      let image = chart.render(width: 200, height: 120)
      XCTAssertEqual(image.width, 200, "\(values)")
      var logarithmic = chart
      logarithmic.yScale = .logarithmic
      XCTAssertEqual(logarithmic.render(width: 200, height: 120).height, 120, "\(values)")
    }
  }

  func testLogarithmicScaleLeavesOutValuesThatAreNotPositive() {
    let series = LineSeries(name: "loss", x: [0, 1, 2, 3], y: [10, 0, -1, 0.1])
    let chart = LineChart(series: [series], yScale: .logarithmic)
    let frame = chart.frame(width: 600, height: 400)
    XCTAssertTrue(frame.yAxis.isLogarithmic)
    XCTAssertEqual(frame.yAxis.lower, 0.1, accuracy: 1e-15)
    XCTAssertEqual(frame.yAxis.upper, 10, accuracy: 1e-12)
    let image = chart.render(width: 600, height: 400)
    XCTAssertEqual(pixel(image, frame.position(x: 3, y: 0.1)), chart.color(ofSeries: 0))
  }

  func testFixedRangesOverrideTheData() {
    var chart = lossChart
    chart.yRange = 0...1
    chart.xRange = 0...1000
    let frame = chart.frame(width: 800, height: 500)
    XCTAssertEqual(frame.yAxis.lower, 0)
    XCTAssertEqual(frame.yAxis.upper, 1)
    XCTAssertEqual(frame.xAxis.upper, 1000)
    let image = chart.render()
    XCTAssertEqual(image.width, 800, "data outside a fixed range is cut, not a failure")
  }

  func testEachSeriesGetsADistinctPaletteColor() {
    let chart = LineChart(series: (0..<10).map { LineSeries(name: "s\($0)", values: [Double($0)]) })
    XCTAssertEqual(Set((0..<10).map { chart.color(ofSeries: $0) }).count, 10)
    XCTAssertEqual(RGBColor.series(10), RGBColor.series(0))
  }

  func testMovingAverageFollowsTheTrendAndSkipsGaps() {
    let noisy = LineSeries(
      name: "loss", steps: [0, 1, 2, 3, 4], values: [Float(4), 2, .nan, 6, 0])
    let smoothed = noisy.movingAverage(window: 2)
    XCTAssertEqual(smoothed.points.map(\.x), [0, 1, 2, 3, 4])
    XCTAssertEqual(smoothed.points[0].y, 4)
    XCTAssertEqual(smoothed.points[1].y, 3)
    XCTAssertEqual(smoothed.points[2].y, 2, "the NaN is left out of the mean")
    XCTAssertEqual(smoothed.points[3].y, 6)
    XCTAssertEqual(smoothed.points[4].y, 3)
    XCTAssertEqual(smoothed.name, "loss")
    XCTAssertTrue(
      LineSeries(name: "gap", values: [.nan]).movingAverage(window: 3).points[0].y.isNaN)
  }
}
