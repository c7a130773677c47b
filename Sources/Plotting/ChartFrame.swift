/// Where the parts of a rendered `LineChart` go: the plot area in pixels and the two axes.
///
/// Data maps linearly (or logarithmically in y) into the plot area: the axis minimum lands on
/// the center of the axis line's pixels, the left column and bottom row of `plotArea`, and
/// the maximum on the center of the right column and top row.
public struct ChartFrame: Sendable {
  /// The pixels inside the axes, including the axis lines along its left and bottom edges.
  public let plotArea: PixelRectangle
  /// The horizontal axis.
  public let xAxis: AxisTicks
  /// The vertical axis.
  public let yAxis: AxisTicks
  /// Whether any series has a drawable point; without one the axes span 0 to 1.
  public let hasData: Bool
  /// The size of one font pixel for labels; titles use twice this.
  public let textScale: Int

  /// The canvas position of the data point (`x`, `y`).
  public func position(x: Double, y: Double) -> CanvasPoint {
    let left = Double(plotArea.left) + 0.5
    let bottom = Double(plotArea.bottom) - 0.5
    return CanvasPoint(
      x: left + xAxis.fraction(of: x) * Double(plotArea.width - 1),
      y: bottom - yAxis.fraction(of: y) * Double(plotArea.height - 1))
  }
}

extension LineChart {
  /// Margin around the whole chart, in pixels at text scale 1.
  static let outerMargin = 12
  /// Length of tick marks outside the plot area, in pixels.
  static let tickLength = 4
  /// Gap between tick marks or labels and the text next to them, in pixels at scale 1.
  static let labelGap = 5

  /// The layout of this chart drawn at `width` x `height` pixels.
  public func frame(width: Int, height: Int) -> ChartFrame {
    precondition(width >= 120 && height >= 90, "a chart needs at least 120 x 90 pixels")
    let scale = max(1, min(width / 700, height / 440))
    let glyphHeight = BitmapFont.height(scale: scale)
    let gap = Self.labelGap * scale
    let margin = Self.outerMargin * scale
    let titleSpace = title.isEmpty ? 0 : BitmapFont.height(scale: 2 * scale) + gap * 2
    let xTitleSpace = xLabel.isEmpty ? 0 : glyphHeight + gap
    let yTitleSpace = yLabel.isEmpty ? 0 : glyphHeight + gap
    let top = margin + titleSpace
    let bottom = height - margin - xTitleSpace - glyphHeight - gap - Self.tickLength
    let plotHeight = max(20, bottom - top)
    let (xRange, yRange, hasData) = dataRanges()
    let yAxis = axis(
      yRange ?? (yScale == .logarithmic ? (1, 10) : (0, 1)), logarithmic: yScale == .logarithmic,
      targetCount: min(9, max(3, plotHeight / (60 * scale))))
    let yLabelWidth = yAxis.labels.map { BitmapFont.width(of: $0, scale: scale) }.max() ?? 0
    let left = margin + yTitleSpace + yLabelWidth + gap + Self.tickLength
    let right = width - margin - 2 * gap
    let plotWidth = max(20, right - left)
    var xAxis = axis(xRange ?? (0, 1), logarithmic: false, targetCount: 10)
    // Fewer ticks until the widest label fits its share of the axis with room to spare.
    for target in stride(from: min(10, max(2, plotWidth / (90 * scale))), through: 2, by: -1) {
      xAxis = axis(xRange ?? (0, 1), logarithmic: false, targetCount: target)
      let widest = xAxis.labels.map { BitmapFont.width(of: $0, scale: scale) }.max() ?? 0
      if (widest + 3 * gap) * xAxis.values.count <= plotWidth { break }
    }
    return ChartFrame(
      plotArea: PixelRectangle(left: left, top: top, width: plotWidth, height: plotHeight),
      xAxis: xAxis, yAxis: yAxis, hasData: hasData, textScale: scale)
  }

  /// Ticks over `range`, honoring a fixed range set on the chart.
  private func axis(_ range: (Double, Double), logarithmic: Bool, targetCount: Int) -> AxisTicks {
    if logarithmic {
      return .logarithmic(minimum: range.0, maximum: range.1, targetCount: targetCount)
    }
    return .linear(minimum: range.0, maximum: range.1, targetCount: targetCount)
  }

  /// The extent of the drawable data in x and y, replaced by `xRange` and `yRange` where they
  /// are set; nil in an axis with nothing to show. `hasData` tells whether any point is
  /// drawable.
  private func dataRanges() -> (x: (Double, Double)?, y: (Double, Double)?, hasData: Bool) {
    let points = series.flatMap { $0.drawablePoints(logarithmicY: yScale == .logarithmic) }
    var x: (Double, Double)? = nil
    var y: (Double, Double)? = nil
    if let first = points.first {
      x = points.reduce((first.x, first.x)) { (min($0.0, $1.x), max($0.1, $1.x)) }
      y = points.reduce((first.y, first.y)) { (min($0.0, $1.y), max($0.1, $1.y)) }
    }
    if let fixed = xRange { x = (fixed.lowerBound, fixed.upperBound) }
    if let fixed = yRange { y = (fixed.lowerBound, fixed.upperBound) }
    return (x, y, !points.isEmpty)
  }
}
