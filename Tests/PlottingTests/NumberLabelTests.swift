import Plotting
import XCTest

final class NumberLabelTests: XCTestCase {
  func testCompactLabelsChooseTheShortestReadableForm() {
    let expected: [(Double, String)] = [
      (0, "0"), (0.001, "0.001"), (1.5, "1.5"), (200, "200"), (1200, "1.2k"), (3e-5, "3e-05"),
      (-0.25, "-0.25"), (0.1 + 0.2, "0.3"), (999.9, "1k"), (123_456, "123k"),
      (2_500_000, "2.5M"), (7e9, "7G"), (1.23456, "1.23"), (-42, "-42"), (0.012345, "0.0123"),
      (1.5e20, "1.5e+20"), (-6.02e-7, "-6.02e-07"), (.leastNonzeroMagnitude, "4.94e-324"),
      (.greatestFiniteMagnitude, "1.8e+308"),
    ]
    for (value, text) in expected {
      XCTAssertEqual(NumberLabel.compact(value), text, "\(value)")
    }
  }

  func testNonFiniteValuesAreNamed() {
    XCTAssertEqual(NumberLabel.compact(.nan), "nan")
    XCTAssertEqual(NumberLabel.compact(.infinity), "inf")
    XCTAssertEqual(NumberLabel.compact(-.infinity), "-inf")
  }

  func testSignificantDigitsAreHonored() {
    XCTAssertEqual(NumberLabel.compact(3.14159, significantDigits: 5), "3.1416")
    XCTAssertEqual(NumberLabel.compact(3.14159, significantDigits: 1), "3")
    XCTAssertEqual(NumberLabel.compact(0.96, significantDigits: 1), "1")
  }
}
