import Foundation

/// The extent of a chart axis and its labeled tick marks.
///
/// Linear axes step by 1, 2 or 5 times a power of ten and start and end on a tick, so data at
/// the axis minimum sits exactly on the axis line. Examples with the default of about six
/// ticks: 0...1 gives 0, 0.2, 0.4, 0.6, 0.8, 1; -3.7...12 gives -5, 0, 5, 10, 15; a single
/// value v spreads to v +- 10% (0 to -1...1) before the steps are chosen.
public struct AxisTicks: Equatable, Sendable {
  /// The value at the start of the axis (left or bottom).
  public let lower: Double
  /// The value at the end of the axis (right or top).
  public let upper: Double
  /// Tick positions in increasing order, each within `lower...upper`; on a linear axis the
  /// first is `lower` and the last `upper`.
  public let values: [Double]
  /// Unlabeled positions between ticks for faint grid lines: the other integer multiples of
  /// each power of ten on a logarithmic axis; none on a linear one.
  public let minorValues: [Double]
  /// One label per tick, formatted alike (see `NumberLabel`).
  public let labels: [String]
  /// Whether positions follow the logarithm of the value.
  public let isLogarithmic: Bool

  /// A linear axis covering `minimum...maximum` (both finite) with about `targetCount` ticks,
  /// starting and ending on a tick.
  public static func linear(minimum: Double, maximum: Double, targetCount: Int = 6) -> AxisTicks {
    precondition(minimum.isFinite && maximum.isFinite, "axis limits must be finite")
    precondition(minimum <= maximum, "the axis minimum exceeds its maximum")
    precondition(targetCount >= 2, "an axis needs at least two ticks")
    var low = minimum
    var high = maximum
    // A span lost in the precision of the values themselves is drawn as a single value.
    if high - low <= max(abs(low), abs(high)) * 1e-9 {
      let pad = low == 0 ? 1 : abs(low) * 0.1
      low -= pad
      high += pad
    }
    let step = niceStep(approximately: (high - low) / Double(targetCount - 1))
    let stepValue = DecimalValue(significand: step.multiplier, exponent: step.exponent).doubleValue
    let first = Int((low / stepValue + 1e-9).rounded(.down))
    let last = Int((high / stepValue - 1e-9).rounded(.up))
    let multiples = (first...last).map { $0 * step.multiplier }
    let values = multiples.map {
      DecimalValue(significand: $0, exponent: step.exponent).doubleValue
    }
    return AxisTicks(
      lower: values.first!, upper: values.last!, values: values, minorValues: [],
      labels: NumberLabel.tickLabels(multiples: multiples, exponent: step.exponent),
      isLogarithmic: false)
  }

  /// A logarithmic axis covering `minimum...maximum` (both positive and finite).
  ///
  /// The axis ends on the nearest values 1, 2 or 5 x 10^k around the data. Within about two
  /// decades those values are the ticks; wider axes tick at powers of ten only, skipping
  /// decades to keep about `targetCount` ticks, and the ends need not be ticks.
  public static func logarithmic(minimum: Double, maximum: Double, targetCount: Int = 6)
    -> AxisTicks
  {
    precondition(minimum > 0 && maximum.isFinite, "a logarithmic axis needs positive limits")
    precondition(minimum <= maximum, "the axis minimum exceeds its maximum")
    precondition(targetCount >= 2, "an axis needs at least two ticks")
    let firstDecade = Int(log10(minimum).rounded(.down)) - 1
    let lastDecade = Int(log10(maximum).rounded(.up)) + 1
    let steps = (firstDecade...lastDecade).flatMap { power in
      [1, 2, 5].map { DecimalValue(significand: $0, exponent: power).doubleValue }
    }
    let lower = steps.last { $0 <= minimum * (1 + 1e-12) }!
    let upper = steps.first { $0 >= maximum * (1 - 1e-12) && $0 > lower }!
    let inside = { (value: Double) in value >= lower * (1 - 1e-12) && value <= upper * (1 + 1e-12) }
    let multiples = (firstDecade...lastDecade).flatMap { power in
      (1...9).map {
        (multiplier: $0, value: DecimalValue(significand: $0, exponent: power).doubleValue)
      }
    }.filter { inside($0.value) }
    var values: [Double]
    if log10(upper / lower) <= 2.2 {
      values = steps.filter(inside)
    } else {
      let decades = multiples.filter { $0.multiplier == 1 }.map(\.value)
      let stride = max(1, Int((Double(decades.count) / Double(targetCount + 1)).rounded(.up)))
      // Powers that are multiples of the stride, so that 1 is a tick whenever it is inside.
      values = decades.filter { Int(log10($0).rounded()) % stride == 0 }
      if values.count < 2 {
        values = Swift.stride(from: 0, to: decades.count, by: stride).map { decades[$0] }
      }
      if stride > 1 {
        let skipped = decades.filter { !values.contains($0) }
        return AxisTicks(
          lower: lower, upper: upper, values: values, minorValues: skipped,
          labels: values.map { NumberLabel.compact($0) }, isLogarithmic: true)
      }
    }
    return AxisTicks(
      lower: lower, upper: upper, values: values,
      minorValues: multiples.map(\.value).filter { !values.contains($0) },
      labels: values.map { NumberLabel.compact($0) }, isLogarithmic: true)
  }

  /// Where `value` falls along the axis: 0 at `lower`, 1 at `upper`, outside [0, 1] beyond
  /// them. On a logarithmic axis a value that is not positive maps to -infinity.
  public func fraction(of value: Double) -> Double {
    if isLogarithmic {
      guard value > 0 else { return -.infinity }
      return (log10(value) - log10(lower)) / (log10(upper) - log10(lower))
    }
    return (value - lower) / (upper - lower)
  }

  /// The step 1, 2 or 5 x 10^exponent closest to `rough` on a logarithmic scale.
  private static func niceStep(approximately rough: Double) -> (multiplier: Int, exponent: Int) {
    var exponent = Int(log10(rough).rounded(.down))
    let fraction = rough / pow(10, Double(exponent))
    let multiplier: Int
    if fraction < 1.5 {
      multiplier = 1
    } else if fraction < 3 {
      multiplier = 2
    } else if fraction < 7 {
      multiplier = 5
    } else {
      multiplier = 1
      exponent += 1
    }
    return (multiplier, exponent)
  }
}
