/// Anti-aliased lines and dots.
///
/// Coverage of a pixel is estimated from the distance of its center to the ideal shape: fully
/// covered within half the stroke width, fading to nothing over one pixel. Ends and joins come
/// out round.
extension Canvas {
  /// Draws a straight line of `lineWidth` pixels between two points.
  public mutating func strokeLine(
    from start: CanvasPoint, to end: CanvasPoint, color: RGBColor, lineWidth: Double = 1.5
  ) {
    strokePolyline([start, end], color: color, lineWidth: lineWidth)
  }

  /// Draws connected segments through `points` in order, `lineWidth` pixels wide. One point
  /// draws a dot of the line's width; no points draw nothing.
  ///
  /// Each pixel takes the largest coverage of any segment rather than the sum, so joins
  /// between segments do not darken.
  public mutating func strokePolyline(
    _ points: [CanvasPoint], color: RGBColor, lineWidth: Double = 1.5
  ) {
    precondition(lineWidth > 0, "a line has a positive width")
    guard let first = points.first else { return }
    let reach = lineWidth / 2 + 1
    guard let area = coveredArea(of: points, reach: reach) else { return }
    var coverage = [Float](repeating: 0, count: area.width * area.height)
    let segments = points.count == 1 ? [(first, first)] : Array(zip(points, points.dropFirst()))
    let window = area.inset(by: -Int(reach.rounded(.up)) - 1)
    for (start, end) in segments {
      // Cutting the segment to the window first keeps coordinates small, so the distances
      // below stay exact even for points far off the canvas.
      guard let (a, b) = Self.clip(from: start, to: end, to: window) else { continue }
      let left = Self.pixel(min(a.x, b.x) - reach, .down)
      let top = Self.pixel(min(a.y, b.y) - reach, .down)
      let box = PixelRectangle(
        left: left, top: top, width: Self.pixel(max(a.x, b.x) + reach, .up) + 1 - left,
        height: Self.pixel(max(a.y, b.y) + reach, .up) + 1 - top
      ).intersection(area)
      for y in box.top..<box.bottom {
        for x in box.left..<box.right {
          let center = CanvasPoint(x: Double(x) + 0.5, y: Double(y) + 0.5)
          let distance = Self.distance(from: center, toSegment: a, b)
          let value = Float(min(1, max(0, lineWidth / 2 + 0.5 - distance)))
          let index = (y - area.top) * area.width + (x - area.left)
          coverage[index] = max(coverage[index], value)
        }
      }
    }
    for y in area.top..<area.bottom {
      for x in area.left..<area.right {
        let value = coverage[(y - area.top) * area.width + (x - area.left)]
        if value > 0 { blend(x: x, y: y, color: color, coverage: Double(value)) }
      }
    }
  }

  /// Fills a disc of `radius` pixels around `center`.
  public mutating func fillCircle(center: CanvasPoint, radius: Double, color: RGBColor) {
    precondition(radius > 0, "a circle has a positive radius")
    let box = PixelRectangle(
      left: Self.pixel(center.x - radius - 1, .down), top: Self.pixel(center.y - radius - 1, .down),
      width: Int((2 * radius + 2).rounded(.up)) + 1, height: Int((2 * radius + 2).rounded(.up)) + 1
    ).intersection(clip).intersection(bounds)
    for y in box.top..<box.bottom {
      for x in box.left..<box.right {
        let dx = Double(x) + 0.5 - center.x
        let dy = Double(y) + 0.5 - center.y
        let distance = (dx * dx + dy * dy).squareRoot()
        blend(x: x, y: y, color: color, coverage: min(1, max(0, radius + 0.5 - distance)))
      }
    }
  }

  /// The pixels within `reach` of any point, cut to the clip and the canvas; nil when empty.
  private func coveredArea(of points: [CanvasPoint], reach: Double) -> PixelRectangle? {
    let finite = points.filter { $0.x.isFinite && $0.y.isFinite }
    precondition(finite.count == points.count, "stroke points must be finite")
    let xs = points.map(\.x)
    let ys = points.map(\.y)
    let left = Self.pixel(xs.min()! - reach, .down)
    let top = Self.pixel(ys.min()! - reach, .down)
    let right = Self.pixel(xs.max()! + reach, .up) + 1
    let bottom = Self.pixel(ys.max()! + reach, .up) + 1
    let area = PixelRectangle(left: left, top: top, width: right - left, height: bottom - top)
      .intersection(clip).intersection(bounds)
    return area.isEmpty ? nil : area
  }

  /// The part of the segment from `start` to `end` inside `window` (Liang-Barsky clipping);
  /// nil when none is.
  private static func clip(
    from start: CanvasPoint, to end: CanvasPoint, to window: PixelRectangle
  ) -> (CanvasPoint, CanvasPoint)? {
    let dx = end.x - start.x
    let dy = end.y - start.y
    let directions = [-dx, dx, -dy, dy]
    let distances = [
      start.x - Double(window.left), Double(window.right) - start.x,
      start.y - Double(window.top), Double(window.bottom) - start.y,
    ]
    var entry = 0.0
    var exit = 1.0
    for (direction, distance) in zip(directions, distances) {
      if direction == 0 {
        if distance < 0 { return nil }
      } else if direction < 0 {
        entry = max(entry, distance / direction)
      } else {
        exit = min(exit, distance / direction)
      }
    }
    guard entry <= exit else { return nil }
    return (
      CanvasPoint(x: start.x + entry * dx, y: start.y + entry * dy),
      CanvasPoint(x: start.x + exit * dx, y: start.y + exit * dy)
    )
  }

  /// A coordinate rounded to a pixel index, held within a range far beyond any canvas so that
  /// points far off the canvas cannot overflow `Int`.
  static func pixel(_ coordinate: Double, _ rule: FloatingPointRoundingRule) -> Int {
    Int(min(1e9, max(-1e9, coordinate)).rounded(rule))
  }

  /// Euclidean distance from `point` to the segment from `a` to `b`.
  private static func distance(
    from point: CanvasPoint, toSegment a: CanvasPoint, _ b: CanvasPoint
  ) -> Double {
    let dx = b.x - a.x
    let dy = b.y - a.y
    let lengthSquared = dx * dx + dy * dy
    var t = 0.0
    if lengthSquared > 0 {
      t = min(1, max(0, ((point.x - a.x) * dx + (point.y - a.y) * dy) / lengthSquared))
    }
    let nearestX = a.x + t * dx - point.x
    let nearestY = a.y + t * dy - point.y
    return (nearestX * nearestX + nearestY * nearestY).squareRoot()
  }
}
