import Model
import XCTest

/// Gradients of gradients: the WGAN-GP construction on a random critic, and the backward of
/// every primitive's backward, against central differences (`FiniteDifferenceChecker`).
final class GradientPenaltyTests: XCTestCase {
  private let checker = FiniteDifferenceChecker()
  private var generator = SeededGenerator(seed: 4242)

  private func random(_ shape: [Int], scale: Float = 1) -> Tensor {
    randomTensor(shape, scale: scale, using: &generator)
  }

  private func size(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &generator) }

  /// The penalty's derivatives with respect to the critic's parameters and to the points.
  /// The critic uses tanh instead of a rectifier here: the penalty depends on a rectifier's
  /// mask, which jumps when a parameter moves an activation across zero, and central
  /// differences across a jump are meaningless. The fixture test covers the rectifier.
  func testPenaltyOnARandomSmoothCritic() {
    for _ in 0..<2 {
      let (batch, channels, hidden, side) = (size(1...3), size(1...3), size(2...4), 8)
      let inputs = [
        random([batch, channels, side, side]), random([hidden, channels, 4, 4], scale: 0.5),
        random([hidden], scale: 0.5), random([1, hidden, 4, 4], scale: 0.5), random([1]),
      ]
      checker.check("penalty B\(batch) C\(channels) hidden \(hidden)", inputs) { leaves in
        gradientPenalty(at: leaves[0]) { smallCritic($0, Array(leaves[1...])) { $0.tanh() } }
      }
    }
  }

  /// The penalty with the fixture's rectifier critic: differentiating the same graph twice
  /// gives bitwise equal gradients (the graph is kept, and no reduction order depends on
  /// timing), and the penalty does reach the critic's weights.
  func testPenaltyGradientsAreReproducible() {
    let x = random([2, 2, 8, 8]).detached(requiresGradient: true)
    let parameters = [
      random([4, 2, 4, 4], scale: 0.5), random([4]), random([1, 4, 4, 4], scale: 0.5),
      random([1]),
    ].map { $0.detached(requiresGradient: true) }
    let penalty = gradientPenalty(at: x) { smallCritic($0, parameters) }
    let first = gradients(of: penalty, withRespectTo: parameters)
    let second = gradients(of: penalty, withRespectTo: parameters)
    for (a, b) in zip(first, second) { XCTAssertEqual(a.values, b.values) }
    XCTAssertGreaterThan(norm(first[0]), 0)
  }

  func testSecondOrderConvolutions() {
    for _ in 0..<3 {
      let (kernel, stride, padding) = (size(1...4), size(1...2), size(0...1))
      let side = size(max(2, kernel)...6)
      let (batch, channels, outputs) = (size(1...2), size(1...3), size(1...3))
      let inputs = [
        random([batch, channels, side, side]), random([outputs, channels, kernel, kernel]),
        random([outputs]),
      ]
      checker.checkSecondOrder("conv k\(kernel) s\(stride) p\(padding)", inputs) {
        convolution2D($0[0], weight: $0[1], bias: $0[2], stride: stride, padding: padding)
      }
      checker.checkSecondOrder("transposed conv k\(kernel) s\(stride) p0", inputs) {
        transposedConvolution2D(
          $0[0], weight: $0[1].reshaped(to: [channels, outputs, kernel, kernel]), bias: nil,
          stride: stride, padding: 0)
      }
    }
  }

  func testSecondOrderNormalizationAndMatrices() {
    let shape = [size(1...2), size(1...3), size(2...4), size(2...4)]
    checker.checkSecondOrder("instance norm \(shape)", [random(shape, scale: 2)]) {
      instanceNormalization2D($0[0])
    }
    checker.checkSecondOrder("instance norm times itself", [random(shape, scale: 2)]) {
      instanceNormalization2D($0[0]).squared()
    }
    let (batch, features, outputs) = (size(1...3), size(1...4), size(1...4))
    let inputs = [random([batch, features]), random([outputs, features]), random([outputs])]
    checker.checkSecondOrder("linear then tanh", inputs) {
      linear($0[0], weight: $0[1], bias: $0[2]).tanh()
    }
  }

  func testSecondOrderElementwise() {
    let shape = [size(1...3), size(2...5)]
    let signed = random(shape, scale: 2)
    let positive = random(shape, scale: 0.5) + 1.5
    checker.checkSecondOrder("tanh", [signed]) { $0[0].tanh() }
    checker.checkSecondOrder("sigmoid", [signed]) { $0[0].sigmoid() }
    checker.checkSecondOrder("softplus", [signed]) { $0[0].softplus() }
    checker.checkSecondOrder("exp", [signed]) { $0[0].exp() }
    checker.checkSecondOrder("log", [positive]) { $0[0].log() }
    checker.checkSecondOrder("square root", [positive]) { $0[0].squareRoot() }
    checker.checkSecondOrder("divide", [signed, positive]) { $0[0] / $0[1] }
    checker.checkSecondOrder("product", [signed, positive]) { ($0[0] * $0[1]).squared() }
    let kinked = awayFromZero(signed, margin: 2 * checker.step)
    checker.checkSecondOrder("leaky relu of a square", [kinked]) {
      ($0[0].leakyReLU(slope: 0.1) * $0[0]).abs()
    }
  }

  func testSecondOrderReductionsSelectionsAndLosses() {
    let shape = [size(1...2), 2 * size(1...2), size(2...4), size(2...4)]
    let distinct = distinctTensor(shape, spacing: 5 * checker.step, using: &generator)
    checker.checkSecondOrder("max pool squared", [distinct]) { maxPool2D($0[0]).squared() }
    checker.checkSecondOrder("max-feature-map squared", [distinct]) {
      maxFeatureMap($0[0]).squared()
    }
    checker.checkSecondOrder("norm over samples", [random(shape)]) {
      $0[0].flattened().squared().sum(alongAxes: [1]).squareRoot()
    }
    checker.checkSecondOrder("plane means", [random(shape)]) {
      ($0[0] - $0[0].mean(alongAxes: [2, 3], keepingDimensions: true)).squared()
    }
    checker.checkSecondOrder("concatenate squared", [random([2, 3]), random([2, 2])]) {
      concatenate($0).squared()
    }
    let labels = [1, 0, 2]
    checker.checkSecondOrder("cross entropy", [random([3, 4], scale: 2)]) {
      softmaxCrossEntropy(logits: $0[0], labels: labels)
    }
    checker.checkSecondOrder("binary cross entropy", [random([5], scale: 3)]) {
      sigmoidBinaryCrossEntropy(logits: $0[0], target: 1)
    }
  }
}
