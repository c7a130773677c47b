import FaceData
import Plotting
import XCTest

final class MultiPanelFigureTests: XCTestCase {
  private func chart(_ index: Int) -> LineChart {
    LineChart(
      title: "network \(index)", xLabel: "step", yLabel: "loss",
      series: [
        LineSeries(name: "loss", values: (0..<50).map { Double(index) + 1 / Double($0 + 1) })
      ])
  }

  func testPanelsAreTiledRowByRow() {
    let panels = (0..<5).map(chart)
    let figure = MultiPanelFigure(
      title: "run", panels: panels, columns: 3, panelSize: (width: 300, height: 200))
    XCTAssertEqual(figure.rows, 2)
    let image = figure.render()
    XCTAssertEqual(image.width, figure.defaultSize.width)
    XCTAssertEqual(image.height, figure.defaultSize.height)
    let sheet = Canvas(image: image)
    for (index, panel) in panels.enumerated() {
      let alone = Canvas(image: panel.render(width: 300, height: 200))
      let left = 8 + (index % 3) * 308
      let top = image.height - 8 - (2 - index / 3) * 208 + 8
      for (x, y) in [(150, 12), (40, 100), (299, 199)] {
        XCTAssertEqual(
          sheet.color(x: left + x, y: top + y), alone.color(x: x, y: y),
          "panel \(index) at (\(x), \(y))")
      }
    }
  }

  func testFigureMixesChartsAndMatricesAndWritesAPNG() throws {
    let folder = try TemporaryFolder()
    var figure = MultiPanelFigure(columns: 2)
    figure.add(chart(0))
    figure.add(ConfusionMatrixPicture(counts: [[5, 1], [2, 7]], classNames: ["happy", "sad"]))
    let path = folder.file("figure.png")
    try figure.writePNG(toFile: path)
    let decoded = try PixelImage(contentsOfFile: path)
    XCTAssertEqual(decoded.width, 2 * 560 + 3 * 8)
    XCTAssertEqual(decoded.height, 360 + 2 * 8)
  }

  func testAnEmptyFigureIsOneBlankRow() {
    let figure = MultiPanelFigure(columns: 2, panelSize: (width: 200, height: 100))
    XCTAssertEqual(figure.rows, 1)
    XCTAssertEqual(figure.render().height, 100 + 16)
  }
}
