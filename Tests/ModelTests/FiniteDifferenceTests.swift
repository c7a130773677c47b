import Model
import XCTest

/// Every primitive's backward against central differences, on random shapes and values drawn
/// from a fixed seed (see `FiniteDifferenceChecker` for the step and tolerance).
final class FiniteDifferenceTests: XCTestCase {
  private let checker = FiniteDifferenceChecker()
  private var generator = SeededGenerator(seed: 2026)

  private func random(_ shape: [Int], scale: Float = 1) -> Tensor {
    randomTensor(shape, scale: scale, using: &generator)
  }

  private func size(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &generator) }

  func testConvolutionOnRandomGeometries() {
    for _ in 0..<6 {
      let (kernelHeight, kernelWidth) = (size(1...4), size(1...4))
      let (stride, padding) = (size(1...3), size(0...2))
      let height = size(max(1, kernelHeight - 2 * padding)...7)
      let width = size(max(1, kernelWidth - 2 * padding)...7)
      let (batch, channels, outputs) = (size(1...3), size(1...3), size(1...4))
      let inputs = [
        random([batch, channels, height, width]),
        random([outputs, channels, kernelHeight, kernelWidth], scale: 0.5), random([outputs]),
      ]
      checker.check("conv k\(kernelHeight)x\(kernelWidth) s\(stride) p\(padding)", inputs) {
        convolution2D($0[0], weight: $0[1], bias: $0[2], stride: stride, padding: padding)
      }
    }
  }

  func testTransposedConvolutionOnRandomGeometries() {
    for _ in 0..<6 {
      let (kernel, stride) = (size(1...4), size(1...3))
      let padding = size(0...(kernel - 1) / 2)
      let (height, width) = (size(1...4), size(1...4))
      let (batch, channels, outputs) = (size(1...3), size(1...3), size(1...3))
      let inputs = [
        random([batch, channels, height, width]),
        random([channels, outputs, kernel, kernel], scale: 0.5), random([outputs]),
      ]
      checker.check("transposed conv k\(kernel) s\(stride) p\(padding)", inputs) {
        transposedConvolution2D(
          $0[0], weight: $0[1], bias: $0[2], stride: stride, padding: padding)
      }
    }
  }

  func testMatrixProductsAndLinear() {
    for transposingA in [false, true] {
      for transposingB in [false, true] {
        let (m, k, n) = (size(1...5), size(1...5), size(1...5))
        let a = random(transposingA ? [k, m] : [m, k])
        let b = random(transposingB ? [n, k] : [k, n])
        checker.check("matrix product tA \(transposingA) tB \(transposingB)", [a, b]) {
          matrixProduct($0[0], $0[1], transposingA: transposingA, transposingB: transposingB)
        }
      }
    }
    let (batch, inputs, outputs) = (size(1...4), size(1...6), size(1...5))
    checker.check(
      "linear", [random([batch, inputs]), random([outputs, inputs]), random([outputs])]
    ) {
      linear($0[0], weight: $0[1], bias: $0[2])
    }
  }

  func testInstanceNormalization() {
    for _ in 0..<3 {
      let shape = [size(1...3), size(1...3), size(2...5), size(2...5)]
      checker.check("instance norm \(shape)", [random(shape, scale: 2)]) {
        instanceNormalization2D($0[0])
      }
    }
  }

  func testSmoothElementwiseFunctions() {
    let shape = [size(1...3), size(2...6)]
    let signed = random(shape, scale: 2)
    let positive = random(shape, scale: 0.5) + 1.5
    checker.check("tanh", [signed]) { $0[0].tanh() }
    checker.check("sigmoid", [signed]) { $0[0].sigmoid() }
    checker.check("softplus", [signed]) { $0[0].softplus() }
    checker.check("exp", [signed]) { $0[0].exp() }
    checker.check("log", [positive]) { $0[0].log() }
    checker.check("square root", [positive]) { $0[0].squareRoot() }
    checker.check("squared", [signed]) { $0[0].squared() }
    checker.check("affine", [signed]) { $0[0] * 1.5 - 0.25 }
  }

  func testPiecewiseLinearFunctions() {
    let x = awayFromZero(random([size(1...3), size(2...6)]), margin: 2 * checker.step)
    checker.check("relu", [x]) { $0[0].relu() }
    checker.check("leaky relu", [x]) { $0[0].leakyReLU(slope: 0.2) }
    checker.check("abs", [x]) { $0[0].abs() }
  }

  func testBroadcastingArithmetic() {
    let (batch, channels, height, width) = (size(1...3), size(1...3), size(1...4), size(1...4))
    let full = [batch, channels, height, width]
    for other in [full, [batch, channels, 1, 1], [channels, 1, 1], [1, 1, 1, width], []] {
      let a = random(full)
      let b = random(other, scale: 0.5) + 1.5
      checker.check("add \(other)", [a, b]) { $0[0] + $0[1] }
      checker.check("subtract \(other)", [b, a]) { $0[0] - $0[1] }
      checker.check("multiply \(other)", [a, b]) { $0[0] * $0[1] }
      checker.check("divide \(other)", [a, b]) { $0[0] / $0[1] }
    }
  }

  func testReductionsAndShapes() {
    let shape = [size(1...3), size(1...3), size(1...4), size(1...4)]
    let x = random(shape)
    checker.check("sum", [x]) { $0[0].sum() }
    checker.check("mean", [x]) { $0[0].mean() }
    checker.check("sum over 0, 2", [x]) { $0[0].sum(alongAxes: [0, 2]) }
    checker.check("mean over 1, 3 kept", [x]) {
      $0[0].mean(alongAxes: [1, 3], keepingDimensions: true)
    }
    checker.check("global average pool", [x]) { globalAveragePool($0[0]) }
    checker.check("broadcast", [random([shape[1], 1, shape[3]])]) {
      $0[0].broadcasted(to: shape)
    }
    checker.check("reshape and flatten", [x]) { $0[0].flattened().reshaped(to: [-1]) * 2 }
  }

  func testSelections() {
    for height in [size(2...7), size(2...7)] {
      let x = distinctTensor(
        [size(1...2), size(1...3), height, size(2...7)], spacing: 5 * checker.step,
        using: &generator)
      checker.check("max pool \(x.shape)", [x]) { maxPool2D($0[0]) }
    }
    let maps = distinctTensor(
      [2, 2 * size(1...3), 3, 2], spacing: 5 * checker.step, using: &generator)
    checker.check("max-feature-map on maps", [maps]) { maxFeatureMap($0[0]) }
    let vectors = distinctTensor(
      [3, 2 * size(1...4)], spacing: 5 * checker.step, using: &generator)
    checker.check("max-feature-map on vectors", [vectors]) { maxFeatureMap($0[0]) }
  }

  func testConcatenationSlicingAndGray() {
    let (batch, height, width) = (size(1...3), size(1...4), size(1...4))
    let parts = [random([batch, 2, height, width]), random([batch, 1, height, width])]
    checker.check("concatenate channels", parts) { concatenate($0, alongAxis: 1) }
    checker.check("concatenate features", [random([batch, 3]), random([batch, 2])]) {
      concatenate($0, alongAxis: 1)
    }
    checker.check("slice", [random([batch, 4, height])]) {
      $0[0].slice(alongAxis: 1, start: 1, length: 2)
    }
    checker.check("gray01 of RGB", [random([batch, 3, height, width])]) { gray01($0[0]) }
    checker.check("gray01 of one channel", [random([batch, 1, height, width])]) { gray01($0[0]) }
  }

  func testDropoutWithAFixedMask() {
    let x = random([size(2...4), size(2...6)])
    let keep = (0..<x.count).map { $0 % 3 != 0 }
    checker.check("dropout", [x]) { dropout($0[0], probability: 0.4, keep: keep) }
  }

  func testDropoutFromAGeneratorKeepsOrScalesEachElement() {
    let x = random([8, 64]) + 2
    var first = SeededGenerator(seed: 5)
    var second = SeededGenerator(seed: 5)
    let y = dropout(x, probability: 0.25, using: &first)
    XCTAssertEqual(y.values, dropout(x, probability: 0.25, using: &second).values)
    let kept = zip(x.values, y.values).filter { $1 != 0 }
    for (input, output) in kept { XCTAssertEqual(output, input / 0.75, accuracy: 1e-5) }
    XCTAssertEqual(Double(kept.count) / Double(x.count), 0.75, accuracy: 0.06)
    XCTAssertTrue(dropout(x, probability: 0, using: &first) === x)
  }

  func testLosses() {
    let (batch, classes) = (size(2...5), size(2...6))
    let labels = (0..<batch).map { _ in size(0...(classes - 1)) }
    checker.check("log softmax", [random([batch, classes], scale: 3)]) { logSoftmax($0[0]) }
    checker.check("cross entropy", [random([batch, classes], scale: 3)]) {
      softmaxCrossEntropy(logits: $0[0], labels: labels)
    }
    let targets = Tensor(shape: [batch], values: (0..<batch).map { Float($0 % 3) / 2 })
    checker.check("binary cross entropy", [random([batch], scale: 4)]) {
      sigmoidBinaryCrossEntropy(logits: $0[0], targets: targets)
    }
    let x = random([batch, classes])
    let target = Tensor(
      shape: x.shape,
      values: x.values.enumerated().map { index, value in
        value + (index % 2 == 0 ? 0.5 : -0.5)
      })
    checker.check("mean absolute error", [x]) { meanAbsoluteError($0[0], target) }
    checker.check("mean squared error", [x, random(x.shape)]) { meanSquaredError($0[0], $0[1]) }
  }
}
