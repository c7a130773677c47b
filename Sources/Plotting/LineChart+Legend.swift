/// The legend: a boxed list of series names with a sample of each line, placed in the corner
/// of the plot area that hides the fewest data points.
extension LineChart {
  /// Length of the line sample before each name, at text scale 1.
  static let legendSampleLength = 18

  /// Draws the legend when some series has a name.
  func drawLegend(on canvas: inout Canvas, frame: ChartFrame) {
    let entries = series.indices.filter { !series[$0].name.isEmpty }
    guard !entries.isEmpty else { return }
    let scale = frame.textScale
    let padding = 6 * scale
    let rowHeight = BitmapFont.height(scale: scale) + 4 * scale
    let sampleLength = Self.legendSampleLength * scale
    let nameWidth = entries.map { BitmapFont.width(of: series[$0].name, scale: scale) }.max()!
    let box = legendBox(
      width: padding * 3 + sampleLength + nameWidth,
      height: padding * 2 + rowHeight * entries.count - 4 * scale,
      frame: frame)
    canvas.fill(box, color: .white)
    canvas.outline(box, color: RGBColor(hex: 0xC8C8C8))
    for (row, index) in entries.enumerated() {
      let middle =
        Double(box.top + padding + row * rowHeight + BitmapFont.capitalHeight * scale / 2) + 0.5
      let sampleStart = Double(box.left + padding)
      let color = color(ofSeries: index)
      canvas.strokeLine(
        from: CanvasPoint(x: sampleStart, y: middle),
        to: CanvasPoint(x: sampleStart + Double(sampleLength), y: middle), color: color,
        lineWidth: max(2, lineWidth))
      canvas.drawText(
        series[index].name,
        at: CanvasPoint(x: sampleStart + Double(sampleLength + padding), y: middle - 0.5),
        scale: scale, baseline: .middle)
    }
  }

  /// The corner box of the given size inside the plot area covering the fewest drawable
  /// points; ties go to top right, then top left, bottom right, bottom left.
  private func legendBox(width: Int, height: Int, frame: ChartFrame) -> PixelRectangle {
    let area = frame.plotArea
    let inset = 8 * frame.textScale
    let lefts = [area.right - inset - width, area.left + inset]
    let tops = [area.top + inset, area.bottom - inset - height]
    let candidates = tops.flatMap { top in
      lefts.map { PixelRectangle(left: $0, top: top, width: width, height: height) }
    }
    let positions = series.flatMap { curve in
      curve.drawablePoints(logarithmicY: yScale == .logarithmic).map {
        frame.position(x: $0.x, y: $0.y)
      }
    }
    let margin = 4 * frame.textScale
    let hidden = candidates.map { box in
      let grown = box.inset(by: -margin)
      return positions.filter { grown.contains(x: Int($0.x), y: Int($0.y)) }.count
    }
    let best = hidden.indices.min { hidden[$0] < hidden[$1] }!
    return candidates[best]
  }
}
