/// One named curve of a `LineChart`: (x, y) points joined in the order given.
///
/// Points with a NaN or infinite coordinate are not drawn and break the line, so a diverged
/// stretch of a run shows as a gap rather than a misleading straight segment.
public struct LineSeries: Sendable {
  /// The name shown in the legend; may be empty.
  public var name: String
  /// The data, in drawing order.
  public var points: [(x: Double, y: Double)]
  /// The line color; nil takes the chart palette's color for the series' position.
  public var color: RGBColor?
  /// Whether each point gets a dot; nil draws dots only for series of at most
  /// `LineSeries.markerLimit` points, where they help the eye and do not clutter.
  public var showsMarkers: Bool?

  /// The largest number of points drawn with dots when `showsMarkers` is nil.
  public static let markerLimit = 40

  /// A series from explicit points.
  public init(
    name: String, points: [(x: Double, y: Double)] = [], color: RGBColor? = nil,
    showsMarkers: Bool? = nil
  ) {
    self.name = name
    self.points = points
    self.color = color
    self.showsMarkers = showsMarkers
  }

  /// A series from parallel arrays of x and y values of equal length.
  public init(
    name: String, x: [Double], y: [Double], color: RGBColor? = nil, showsMarkers: Bool? = nil
  ) {
    precondition(x.count == y.count, "x has \(x.count) values but y has \(y.count)")
    self.init(
      name: name, points: Array(zip(x, y)).map { (x: $0.0, y: $0.1) }, color: color,
      showsMarkers: showsMarkers)
  }

  /// A series whose x values are the indices 0, 1, 2, ... of `values`.
  public init(name: String, values: [Double], color: RGBColor? = nil, showsMarkers: Bool? = nil) {
    self.init(
      name: name, x: values.indices.map(Double.init), y: values, color: color,
      showsMarkers: showsMarkers)
  }

  /// A series of values logged at training steps, such as per-step losses in `Float`.
  public init<Value: BinaryFloatingPoint>(
    name: String, steps: [Int], values: [Value], color: RGBColor? = nil,
    showsMarkers: Bool? = nil
  ) {
    precondition(steps.count == values.count, "\(steps.count) steps but \(values.count) values")
    self.init(
      name: name, x: steps.map(Double.init), y: values.map(Double.init), color: color,
      showsMarkers: showsMarkers)
  }

  /// The same curve averaged over a trailing window of `window` points, which shows the
  /// trend of a noisy loss; non-finite values are left out of the means, and a point whose
  /// window holds none stays non-finite. The copy keeps the name, color and markers.
  public func movingAverage(window: Int) -> LineSeries {
    precondition(window > 0, "a moving average needs a window of at least 1 point")
    var smoothed = self
    var sum = 0.0
    var count = 0
    for (index, point) in points.enumerated() {
      if point.y.isFinite {
        sum += point.y
        count += 1
      }
      if index >= window, points[index - window].y.isFinite {
        sum -= points[index - window].y
        count -= 1
      }
      smoothed.points[index].y = count > 0 ? sum / Double(count) : .nan
    }
    return smoothed
  }

  /// Adds a point at the end.
  public mutating func append(x: Double, y: Double) {
    points.append((x: x, y: y))
  }

  /// The points that can be drawn on an axis of the given kind: both coordinates finite and,
  /// on a logarithmic y axis, y positive.
  func drawablePoints(logarithmicY: Bool) -> [(x: Double, y: Double)] {
    points.filter { isDrawable($0, logarithmicY: logarithmicY) }
  }

  /// The drawable points split into unbroken runs at every point that cannot be drawn.
  func drawableRuns(logarithmicY: Bool) -> [[(x: Double, y: Double)]] {
    var runs: [[(x: Double, y: Double)]] = [[]]
    for point in points {
      if isDrawable(point, logarithmicY: logarithmicY) {
        runs[runs.count - 1].append(point)
      } else if !runs[runs.count - 1].isEmpty {
        runs.append([])
      }
    }
    return runs.filter { !$0.isEmpty }
  }

  private func isDrawable(_ point: (x: Double, y: Double), logarithmicY: Bool) -> Bool {
    point.x.isFinite && point.y.isFinite && (!logarithmicY || point.y > 0)
  }
}
