import Foundation

/// A number written exactly in decimal, `significand` x 10^`exponent`, so that labels never
/// show binary rounding noise such as 0.30000000000000004.
struct DecimalValue: Equatable, Sendable {
  /// The digits as an integer, sign included.
  var significand: Int
  /// The power of ten the significand is scaled by.
  var exponent: Int

  /// The nearest `Double`.
  var doubleValue: Double {
    let scale = pow(10, Double(abs(exponent)))
    return exponent >= 0 ? Double(significand) * scale : Double(significand) / scale
  }

  /// `value` rounded to `significantDigits` digits, trailing zeros removed; nil for zero and
  /// non-finite values.
  init?(rounding value: Double, significantDigits: Int) {
    precondition(significantDigits > 0 && significantDigits <= 15, "1 to 15 significant digits")
    guard value.isFinite, value != 0 else { return nil }
    // Powers of ten below 1e-308 underflow, so the tiniest values are scaled up first.
    let shift = abs(value) < 1e-280 ? 300 : 0
    let magnitude = abs(value) * pow(10, Double(shift))
    var leading = Int(log10(magnitude).rounded(.down))
    var scaled = (magnitude / pow(10, Double(leading - significantDigits + 1))).rounded()
    // log10 can land just below an exact power of ten, or rounding can carry into a new digit.
    if scaled >= pow(10, Double(significantDigits)) {
      leading += 1
      scaled = (magnitude / pow(10, Double(leading - significantDigits + 1))).rounded()
    }
    self.init(
      significand: value < 0 ? -Int(scaled) : Int(scaled),
      exponent: leading - significantDigits + 1 - shift)
    removeTrailingZeros()
  }

  init(significand: Int, exponent: Int) {
    self.significand = significand
    self.exponent = exponent
  }

  /// The power of ten of the leading digit: 2 for 345, -3 for 0.0012. Zero gives `exponent`.
  var leadingExponent: Int {
    String(abs(significand)).count - 1 + exponent
  }

  /// Moves trailing zero digits of the significand into the exponent.
  mutating func removeTrailingZeros() {
    while significand != 0 && significand % 10 == 0 {
      significand /= 10
      exponent += 1
    }
  }

  /// Plain decimal notation with exactly `decimals` digits after the point ("1.50", "-200"),
  /// rounding half away from zero when digits must be dropped.
  func plain(decimals: Int) -> String {
    precondition(decimals >= 0, "a negative count of decimals")
    let shift = exponent + decimals
    var digits: Int
    if shift >= 0 {
      digits = abs(significand) * Int(pow(10, Double(shift)))
    } else {
      digits = Int((Double(abs(significand)) / pow(10, Double(-shift))).rounded())
    }
    var text = String(digits)
    if decimals > 0 {
      text = String(repeating: "0", count: max(0, decimals + 1 - text.count)) + text
      text.insert(".", at: text.index(text.endIndex, offsetBy: -decimals))
    }
    return significand < 0 && digits != 0 ? "-" + text : text
  }

  /// Scientific notation with the fewest mantissa digits and a signed two-digit exponent, as
  /// C's %g writes it: "3e-05", "1.5e+07".
  func scientific() -> String {
    var trimmed = self
    trimmed.removeTrailingZeros()
    let leading = trimmed.leadingExponent
    let mantissa = DecimalValue(
      significand: trimmed.significand, exponent: trimmed.exponent - leading)
    let power = String(abs(leading))
    let sign = leading < 0 ? "-" : "+"
    return mantissa.plain(decimals: max(0, -mantissa.exponent)) + "e" + sign
      + String(repeating: "0", count: max(0, 2 - power.count)) + power
  }
}
