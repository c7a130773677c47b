import Foundation
import Model
import XCTest

/// PyTorch's default initialisation bounds and the seeded generator behind them.
final class ParameterInitializationTests: XCTestCase {
  func testFanInFollowsPyTorchLayouts() {
    XCTAssertEqual(ParameterInitialization.fanIn(weightShape: [8, 3, 4, 4]), 48)
    XCTAssertEqual(
      ParameterInitialization.fanIn(weightShape: [70, 16, 4, 4]), 256, "transposed: out k k")
    XCTAssertEqual(ParameterInitialization.fanIn(weightShape: [64, 16]), 16)
    XCTAssertEqual(ParameterInitialization.bound(weightShape: [64, 16]), 0.25)
    XCTAssertEqual(ParameterInitialization.bound(weightShape: [4, 0]), 0)
  }

  func testDrawsAreUniformWithinTheBound() {
    let weight = Tensor(zeros: [200, 25, 4, 4], requiresGradient: true)
    let bias = Tensor(zeros: [200], requiresGradient: true)
    var generator = Xoshiro256Generator(seed: 42)
    ParameterInitialization.initializeLayer(weight: weight, bias: bias, using: &generator)
    let bound: Float = 1 / 20
    let values = weight.values.map(Double.init)
    XCTAssertTrue(values.allSatisfy { abs($0) <= Double(bound) })
    XCTAssertTrue(bias.values.allSatisfy { abs($0) <= bound })
    XCTAssertGreaterThan(Set(bias.values).count, 190)
    let n = Double(values.count)
    let mean = values.reduce(0, +) / n
    let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / n
    let expectedVariance = Double(bound * bound) / 3
    // The sample mean has standard deviation sqrt(b^2/3/n); five of them bound it.
    XCTAssertLessThan(abs(mean), 5 * (expectedVariance / n).squareRoot())
    XCTAssertEqual(variance / expectedVariance, 1, accuracy: 0.02)
    XCTAssertGreaterThan(values.max()!, 0.999 * Double(bound))
    XCTAssertLessThan(values.min()!, -0.999 * Double(bound))
    // Each tenth of the interval holds a tenth of the draws.
    var histogram = [Int](repeating: 0, count: 10)
    for value in values { histogram[min(9, Int((value / Double(bound) + 1) * 5))] += 1 }
    for count in histogram { XCTAssertEqual(Double(count) / n, 0.1, accuracy: 0.005) }
  }

  func testSameSeedSameDrawsOtherSeedOtherDraws() {
    func draw(_ seed: UInt64) -> [Float] {
      let tensor = Tensor(zeros: [64], requiresGradient: true)
      var generator = Xoshiro256Generator(seed: seed)
      ParameterInitialization.fillUniform(tensor, bound: 1, using: &generator)
      return tensor.values
    }
    XCTAssertEqual(draw(7), draw(7))
    XCTAssertNotEqual(draw(7), draw(8))
  }
}
