import FaceData

/// How values are spaced along an axis.
public enum AxisScale: Sendable {
  /// Equal differences take equal space.
  case linear
  /// Equal ratios take equal space; values that are not positive are left out. Suits losses
  /// that fall over orders of magnitude.
  case logarithmic
}

/// A chart of named (x, y) series drawn as lines, with title, axis titles, ticks, grid and
/// legend, rendered to an RGB image.
///
/// Axes cover all drawable points of all series with "nice" 1-2-5 steps (see `AxisTicks`).
/// A chart without drawable points still shows its axes, with a "no data" note.
public struct LineChart: Plot, Sendable {
  /// The title above the plot; empty for none.
  public var title: String
  /// The title of the horizontal axis; empty for none.
  public var xLabel: String
  /// The title of the vertical axis, drawn reading upwards; empty for none.
  public var yLabel: String
  /// The curves, drawn in order; later series are drawn over earlier ones.
  public var series: [LineSeries]
  /// Linear (the default) or logarithmic y axis.
  public var yScale: AxisScale
  /// A fixed extent of the x axis (rounded out to ticks); nil fits the data.
  public var xRange: ClosedRange<Double>?
  /// A fixed extent of the y axis (rounded out to ticks); nil fits the data.
  public var yRange: ClosedRange<Double>?
  /// The stroke width of the curves in pixels.
  public var lineWidth: Double
  /// The size `render()` and `writePNG(toFile:)` use, in pixels: 800 x 500 by default.
  public var defaultSize: (width: Int, height: Int)

  /// An empty chart; add curves with `add(_:)` or through `series`.
  public init(
    title: String = "", xLabel: String = "", yLabel: String = "", series: [LineSeries] = [],
    yScale: AxisScale = .linear, lineWidth: Double = 1.5
  ) {
    precondition(lineWidth > 0, "a line has a positive width")
    self.title = title
    self.xLabel = xLabel
    self.yLabel = yLabel
    self.series = series
    self.yScale = yScale
    self.lineWidth = lineWidth
    defaultSize = (800, 500)
  }

  /// Appends a curve.
  public mutating func add(_ newSeries: LineSeries) {
    series.append(newSeries)
  }

  /// The color series number `index` is drawn in: its own or the palette's.
  public func color(ofSeries index: Int) -> RGBColor {
    series[index].color ?? .series(index)
  }

  /// Draws the chart on a new `width` x `height` image (at least 120 x 90).
  public func render(width: Int, height: Int) -> PixelImage {
    let frame = frame(width: width, height: height)
    var canvas = Canvas(width: width, height: height)
    drawTitles(on: &canvas, frame: frame)
    drawGrid(on: &canvas, frame: frame)
    drawAxes(on: &canvas, frame: frame)
    drawCurves(on: &canvas, frame: frame)
    if frame.hasData {
      drawLegend(on: &canvas, frame: frame)
    } else {
      let area = frame.plotArea
      canvas.drawText(
        "no data",
        at: CanvasPoint(
          x: Double(area.left + area.width / 2), y: Double(area.top + area.height / 2)),
        color: .secondaryInk, scale: 2 * frame.textScale, alignment: .center, baseline: .middle)
    }
    return canvas.image
  }

  /// The chart title above the plot and the two axis titles beside the axes.
  private func drawTitles(on canvas: inout Canvas, frame: ChartFrame) {
    let scale = frame.textScale
    let margin = Double(Self.outerMargin * scale)
    let area = frame.plotArea
    if !title.isEmpty {
      canvas.drawText(
        title, at: CanvasPoint(x: Double(area.left + area.width / 2), y: margin),
        scale: 2 * scale, alignment: .center)
    }
    if !xLabel.isEmpty {
      let baseline = Double(canvas.height) - margin - Double(2 * scale)
      canvas.drawText(
        xLabel, at: CanvasPoint(x: Double(area.left + area.width / 2), y: baseline),
        scale: scale, alignment: .center, baseline: .bottom)
    }
    if !yLabel.isEmpty {
      canvas.drawText(
        yLabel, at: CanvasPoint(x: margin, y: Double(area.top + area.height / 2)), scale: scale,
        alignment: .center, baseline: .top, direction: .upward)
    }
  }

  /// Light grid lines at every tick inside the plot area, and a darker line at y = 0 when the
  /// axis crosses zero, which matters for losses that change sign.
  private func drawGrid(on canvas: inout Canvas, frame: ChartFrame) {
    let area = frame.plotArea
    for value in frame.yAxis.minorValues {
      let y = Int(frame.position(x: frame.xAxis.lower, y: value).y)
      canvas.fill(
        PixelRectangle(left: area.left, top: y, width: area.width, height: 1),
        color: RGBColor(hex: 0xF2F2F2))
    }
    for value in frame.xAxis.values {
      let x = Int(frame.position(x: value, y: frame.yAxis.lower).x)
      canvas.fill(
        PixelRectangle(left: x, top: area.top, width: 1, height: area.height), color: .gridLine)
    }
    for value in frame.yAxis.values {
      let y = Int(frame.position(x: frame.xAxis.lower, y: value).y)
      canvas.fill(
        PixelRectangle(left: area.left, top: y, width: area.width, height: 1), color: .gridLine)
    }
    if !frame.yAxis.isLogarithmic && frame.yAxis.lower < 0 && frame.yAxis.upper > 0 {
      let y = Int(frame.position(x: frame.xAxis.lower, y: 0).y)
      canvas.fill(
        PixelRectangle(left: area.left, top: y, width: area.width, height: 1),
        color: RGBColor(hex: 0xB0B0B0))
    }
  }

  /// Every series as unbroken runs of line, with dots where markers are due and on runs of a
  /// single point, which a line cannot show.
  private func drawCurves(on canvas: inout Canvas, frame: ChartFrame) {
    let fullCanvas = canvas.clip
    // Strokes may spill past the axes by their own width, so data on an axis stays whole.
    canvas.clip = frame.plotArea.inset(by: -Int(lineWidth.rounded(.up)) - 2)
    let logarithmicY = yScale == .logarithmic
    for (index, curve) in series.enumerated() {
      let color = color(ofSeries: index)
      let runs = curve.drawableRuns(logarithmicY: logarithmicY)
      let markers = curve.showsMarkers ?? (runs.joined().count <= LineSeries.markerLimit)
      for run in runs {
        let positions = run.map { frame.position(x: $0.x, y: $0.y) }
        canvas.strokePolyline(positions, color: color, lineWidth: lineWidth)
        if markers || run.count == 1 {
          for position in positions {
            canvas.fillCircle(center: position, radius: lineWidth + 1.5, color: color)
          }
        }
      }
    }
    canvas.clip = fullCanvas
  }

  /// The frame around the plot area, tick marks outside it and their labels.
  private func drawAxes(on canvas: inout Canvas, frame: ChartFrame) {
    let area = frame.plotArea
    let scale = frame.textScale
    let gap = Double(Self.labelGap * scale)
    canvas.outline(area, color: RGBColor(hex: 0x444444))
    for (value, label) in zip(frame.xAxis.values, frame.xAxis.labels) {
      let x = Int(frame.position(x: value, y: frame.yAxis.lower).x)
      canvas.fill(
        PixelRectangle(left: x, top: area.bottom, width: 1, height: Self.tickLength),
        color: RGBColor(hex: 0x444444))
      canvas.drawText(
        label, at: CanvasPoint(x: Double(x) + 0.5, y: Double(area.bottom + Self.tickLength) + gap),
        color: .secondaryInk, scale: scale, alignment: .center)
    }
    for (value, label) in zip(frame.yAxis.values, frame.yAxis.labels) {
      let y = Int(frame.position(x: frame.xAxis.lower, y: value).y)
      canvas.fill(
        PixelRectangle(
          left: area.left - Self.tickLength, top: y, width: Self.tickLength, height: 1),
        color: RGBColor(hex: 0x444444))
      canvas.drawText(
        label, at: CanvasPoint(x: Double(area.left - Self.tickLength) - gap, y: Double(y)),
        color: .secondaryInk, scale: scale, alignment: .trailing, baseline: .middle)
    }
  }
}
