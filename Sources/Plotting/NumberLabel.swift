/// Short text for numbers on charts.
public enum NumberLabel {
  /// Suffixes for thousands, millions, billions and trillions.
  static let suffixes = ["", "k", "M", "G", "T"]

  /// `value` in at most `significantDigits` significant digits, in the shortest readable form.
  ///
  /// Zero is "0"; magnitudes from 0.001 up to 1000 are plain decimals without trailing zeros
  /// ("0.001", "1.5", "200"); 1000 up to 10^15 take a suffix k, M, G or T ("1.2k", "3M");
  /// anything smaller or larger is scientific ("3e-05"). NaN is "nan" and infinities
  /// "inf" / "-inf".
  public static func compact(_ value: Double, significantDigits: Int = 3) -> String {
    if value.isNaN { return "nan" }
    if value.isInfinite { return value < 0 ? "-inf" : "inf" }
    guard let decimal = DecimalValue(rounding: value, significantDigits: significantDigits) else {
      return "0"
    }
    let leading = decimal.leadingExponent
    if leading >= 3 && leading < 15 {
      return suffixed(decimal, unitPower: leading / 3)
    }
    if leading >= -3 && leading < 3 {
      return decimal.plain(decimals: max(0, -decimal.exponent))
    }
    return decimal.scientific()
  }

  /// `decimal` divided by 1000^`unitPower`, in plain digits followed by the unit's suffix.
  static func suffixed(_ decimal: DecimalValue, unitPower: Int, decimals: Int? = nil) -> String {
    let scaled = DecimalValue(
      significand: decimal.significand, exponent: decimal.exponent - 3 * unitPower)
    let places = decimals ?? max(0, -scaled.exponent)
    return scaled.plain(decimals: places) + suffixes[unitPower]
  }

  /// Labels for evenly spaced ticks `value_i = multiples[i] x 10^exponent`, formatted alike so
  /// that they line up: plain decimals with the step's number of places ("0.2", "0.4"),
  /// a k/M/G/T suffix when the step is at least 1000 or the labels would pass five digits
  /// ("5k", "10k"), and scientific notation when every tick is below 0.001 in magnitude or
  /// some tick reaches 10^15. Zero is always "0".
  static func tickLabels(multiples: [Int], exponent: Int) -> [String] {
    let values = multiples.map { DecimalValue(significand: $0, exponent: exponent) }
    let largest = values.map(\.leadingExponent).max() ?? 0
    return values.map { value in
      if value.significand == 0 { return "0" }
      if largest >= 15 || largest < -3 { return value.scientific() }
      if exponent >= 3 || largest >= 5 {
        let unitPower = min(4, largest / 3)
        return suffixed(value, unitPower: unitPower, decimals: max(0, 3 * unitPower - exponent))
      }
      return value.plain(decimals: max(0, -exponent))
    }
  }
}
