import Plotting
import XCTest

final class AxisTicksTests: XCTestCase {
  private func assertValues(
    _ ticks: AxisTicks, _ expected: [Double], file: StaticString = #filePath, line: UInt = #line
  ) {
    XCTAssertEqual(ticks.values.count, expected.count, "\(ticks.values)", file: file, line: line)
    for (value, wanted) in zip(ticks.values, expected) {
      XCTAssertEqual(value, wanted, accuracy: 1e-12 * max(1, abs(wanted)), file: file, line: line)
    }
  }

  func testUnitIntervalStepsByTwoTenths() {
    let ticks = AxisTicks.linear(minimum: 0, maximum: 1)
    assertValues(ticks, [0, 0.2, 0.4, 0.6, 0.8, 1])
    XCTAssertEqual(ticks.labels, ["0", "0.2", "0.4", "0.6", "0.8", "1.0"])
    XCTAssertEqual(ticks.lower, 0)
    XCTAssertEqual(ticks.upper, 1)
  }

  func testRangeAcrossZeroRoundsOutToFives() {
    let ticks = AxisTicks.linear(minimum: -3.7, maximum: 12)
    assertValues(ticks, [-5, 0, 5, 10, 15])
    XCTAssertEqual(ticks.labels, ["-5", "0", "5", "10", "15"])
  }

  func testNegativeCriticLossesGetNegativeTicks() {
    let ticks = AxisTicks.linear(minimum: -42.3, maximum: -7.9, targetCount: 5)
    assertValues(ticks, [-50, -40, -30, -20, -10, 0])
  }

  func testTrainingStepsUseThousandsSuffix() {
    let ticks = AxisTicks.linear(minimum: 0, maximum: 20000, targetCount: 5)
    assertValues(ticks, [0, 5000, 10000, 15000, 20000])
    XCTAssertEqual(ticks.labels, ["0", "5k", "10k", "15k", "20k"])
  }

  func testSmallStepsUseScientificLabels() {
    let ticks = AxisTicks.linear(minimum: 0, maximum: 1e-4, targetCount: 6)
    assertValues(ticks, [0, 2e-5, 4e-5, 6e-5, 8e-5, 1e-4])
    XCTAssertEqual(ticks.labels, ["0", "2e-05", "4e-05", "6e-05", "8e-05", "1e-04"])
  }

  func testLabelsShowNoBinaryRoundingNoise() {
    let ticks = AxisTicks.linear(minimum: 0.1, maximum: 0.7)
    XCTAssertEqual(ticks.labels, ["0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7"])
  }

  func testSingleValueIsSpreadAroundItself() {
    let constant = AxisTicks.linear(minimum: 0.5, maximum: 0.5)
    XCTAssertLessThan(constant.lower, 0.5)
    XCTAssertGreaterThan(constant.upper, 0.5)
    XCTAssertGreaterThanOrEqual(constant.values.count, 3)
    let zero = AxisTicks.linear(minimum: 0, maximum: 0)
    assertValues(zero, [-1, -0.5, 0, 0.5, 1])
  }

  func testTicksCoverTheDataForManyRanges() {
    let ranges: [(Double, Double)] = [
      (0, 1e-9), (-1e9, 3), (123.456, 123.457), (0.69, 0.6931), (-1, -1), (7, 7e6),
    ]
    for (low, high) in ranges {
      let ticks = AxisTicks.linear(minimum: low, maximum: high)
      XCTAssertLessThanOrEqual(ticks.lower, low, "\(low)...\(high)")
      XCTAssertGreaterThanOrEqual(ticks.upper, high, "\(low)...\(high)")
      XCTAssertEqual(ticks.labels.count, ticks.values.count)
      XCTAssertTrue((2...15).contains(ticks.values.count), "\(ticks.values)")
      XCTAssertEqual(Set(ticks.labels).count, ticks.labels.count, "labels repeat: \(ticks.labels)")
    }
  }

  func testLogarithmicAxisOverDecadesTicksAtPowersOfTen() {
    let ticks = AxisTicks.logarithmic(minimum: 0.05, maximum: 10.2)
    XCTAssertEqual(ticks.lower, 0.05, accuracy: 1e-15)
    XCTAssertEqual(ticks.upper, 20, accuracy: 1e-12)
    assertValues(ticks, [0.1, 1, 10])
    XCTAssertEqual(ticks.labels, ["0.1", "1", "10"])
    XCTAssertTrue(ticks.minorValues.contains { abs($0 - 0.5) < 1e-12 })
  }

  func testNarrowLogarithmicAxisTicksAtOneTwoFive() {
    let ticks = AxisTicks.logarithmic(minimum: 0.3, maximum: 2.5)
    assertValues(ticks, [0.2, 0.5, 1, 2, 5])
    XCTAssertEqual(ticks.fraction(of: 0.2), 0, accuracy: 1e-12)
    XCTAssertEqual(ticks.fraction(of: 5), 1, accuracy: 1e-12)
    XCTAssertEqual(ticks.fraction(of: 1), 0.5, accuracy: 1e-12, "1 is the geometric middle")
    XCTAssertEqual(ticks.fraction(of: 0), -.infinity)
  }

  func testWideLogarithmicAxisSkipsDecades() {
    let ticks = AxisTicks.logarithmic(minimum: 1e-8, maximum: 1e8, targetCount: 5)
    XCTAssertTrue((3...7).contains(ticks.values.count), "\(ticks.labels)")
    XCTAssertTrue(ticks.labels.contains("1"), "\(ticks.labels)")
    XCTAssertFalse(ticks.minorValues.isEmpty, "skipped decades get faint lines")
  }

  func testLinearFractionIsZeroAtLowerAndOneAtUpper() {
    let ticks = AxisTicks.linear(minimum: -3.7, maximum: 12)
    XCTAssertEqual(ticks.fraction(of: -5), 0)
    XCTAssertEqual(ticks.fraction(of: 15), 1)
    XCTAssertEqual(ticks.fraction(of: 5), 0.5)
  }
}
