import Foundation
import Model
import XCTest

/// The graph semantics the trainer relies on: chosen targets only, readiness callbacks,
/// stop-gradient, accumulation, freeing, reproducibility and concurrent use.
final class DifferentiationEngineTests: XCTestCase {
  private var generator = SeededGenerator(seed: 99)

  private func parameter(_ shape: [Int]) -> Tensor {
    randomTensor(shape, scale: 0.5, requiresGradient: true, using: &generator)
  }

  /// A three-layer perceptron; returns the loss and the parameters, first layer first.
  private func perceptron(_ x: Tensor, _ parameters: [Tensor]) -> Tensor {
    var h = x
    for layer in 0..<3 {
      h = linear(h, weight: parameters[2 * layer], bias: parameters[2 * layer + 1])
      if layer < 2 { h = h.leakyReLU(slope: 0.01) }
    }
    return h.squared().mean()
  }

  private func perceptronParameters() -> [Tensor] {
    [
      parameter([6, 4]), parameter([6]), parameter([5, 6]), parameter([5]), parameter([1, 5]),
      parameter([1]),
    ]
  }

  func testReadinessCallbacksFireOncePerTargetFromTheLastLayerBack() {
    let parameters = perceptronParameters()
    let loss = perceptron(randomTensor([3, 4], using: &generator), parameters)
    var readyOrder: [Int] = []
    var readyGradients: [Int: [Float]] = [:]
    let result = gradients(of: loss, withRespectTo: parameters) { index, gradient in
      readyOrder.append(index)
      readyGradients[index] = gradient.values
    }
    XCTAssertEqual(readyOrder.sorted(), Array(0..<6))
    XCTAssertEqual(Array(readyOrder.prefix(2)).sorted(), [4, 5], "last layer is final first")
    XCTAssertEqual(Array(readyOrder.suffix(2)).sorted(), [0, 1], "first layer is final last")
    for (index, gradient) in result.enumerated() {
      XCTAssertEqual(readyGradients[index], gradient.values)
    }
  }

  func testOnlyTheChosenTargetsAndZerosForUnreachedOnes() {
    let parameters = perceptronParameters()
    let unused = parameter([2, 2])
    let loss = perceptron(randomTensor([3, 4], using: &generator), parameters)
    let all = gradients(of: loss, withRespectTo: parameters)
    let some = gradients(of: loss, withRespectTo: [parameters[2], unused])
    XCTAssertEqual(some.count, 2)
    XCTAssertEqual(some[0].values, all[2].values)
    XCTAssertEqual(some[1].shape, [2, 2])
    XCTAssertEqual(some[1].values, [0, 0, 0, 0])
    XCTAssertGreaterThan(norm(all[0]), 0)
  }

  func testDetachedValuesPassWithoutGradient() {
    let x = parameter([4])
    let loss = (x * x.detached()).sum()
    // d/dx sum(x * sg(x)) = sg(x), not 2x.
    XCTAssertEqual(gradients(of: loss, withRespectTo: [x])[0].values, x.values)
  }

  func testRepeatedUsesAccumulateAndIntermediateTargetsWork() {
    let x = parameter([5])
    let middle = x.tanh()
    let loss = (middle * middle + middle * 3 + x).sum()
    let result = gradients(of: loss, withRespectTo: [x, middle, x])
    let expectedMiddle = middle.values.map { 2 * $0 + 3 }
    for (value, expected) in zip(result[1].values, expectedMiddle) {
      XCTAssertEqual(value, expected, accuracy: 1e-6)
    }
    for (index, value) in result[0].values.enumerated() {
      let t = middle.values[index]
      XCTAssertEqual(value, expectedMiddle[index] * (1 - t * t) + 1, accuracy: 1e-5)
    }
    XCTAssertEqual(result[0].values, result[2].values)
    XCTAssertFalse(result[0].storage === result[2].storage, "each gradient owns its storage")
  }

  /// A gradient changed in place inside the readiness callback (as an all-reduce does) must not
  /// change any other gradient, even where an addition passed one gradient to two inputs.
  func testChangingAReadyGradientInPlaceLeavesTheOthersIntact() {
    let (a, b) = (parameter([3]), parameter([3]))
    let loss = ((a + b.tanh()) * 2).sum()
    let expectedB = b.values.map { 2 * (1 - $0.tanhValue * $0.tanhValue) }
    let result = gradients(of: loss, withRespectTo: [a, b]) { _, gradient in
      gradient.withUnsafeMutableBufferPointer { values in
        for index in values.indices { values[index] *= 10 }
      }
    }
    XCTAssertEqual(result[0].values, [20, 20, 20])
    for (value, expected) in zip(result[1].values, expectedB) {
      XCTAssertEqual(value, 10 * expected, accuracy: 1e-5)
    }
  }

  func testDroppingTheGraphFreesIntermediates() {
    weak var intermediate: TensorStorage?
    let weight = parameter([4, 3, 3, 3])
    do {
      let x = randomTensor([2, 3, 8, 8], using: &generator)
      let hidden = instanceNormalization2D(
        convolution2D(x, weight: weight, bias: nil, padding: 1))
      intermediate = hidden.storage
      let loss = hidden.leakyReLU(slope: 0.01).mean()
      _ = gradients(of: loss, withRespectTo: [weight], createGraph: true)
      XCTAssertNotNil(intermediate)
    }
    XCTAssertNil(intermediate, "intermediate kept alive after its graph was dropped")
  }

  func testValuesNoBackwardReadsAreFreedWhileTheGraphLives() {
    weak var passThrough: TensorStorage?
    let weight = parameter([4, 2, 3, 3])
    let x = randomTensor([2, 2, 6, 6], using: &generator)
    var loss: Tensor?
    do {
      // The max-feature-map's backward needs only which half won, not the convolution output.
      let convolved = convolution2D(x, weight: weight, bias: nil, padding: 1)
      passThrough = convolved.storage
      loss = maxPool2D(maxFeatureMap(convolved)).sum()
    }
    XCTAssertNil(passThrough, "a value no backward reads was kept by the graph")
    XCTAssertGreaterThan(norm(gradients(of: loss!, withRespectTo: [weight])[0]), 0)
  }

  /// Several replicas on threads at once give bitwise the results of one replica alone.
  func testConcurrentReplicasMatchASequentialRun() {
    let parameters = [
      parameter([4, 2, 4, 4]), parameter([4]), parameter([1, 4, 4, 4]), parameter([1]),
    ]
    let inputs = (0..<4).map { _ in randomTensor([2, 2, 16, 16], using: &generator) }
    let run = { (x: Tensor) -> [[Float]] in
      let point = x.detached(requiresGradient: true)
      let penalty = gradientPenalty(at: point) { smallCritic($0, parameters) }
      let score = smallCritic(x, parameters).mean()
      return gradients(of: penalty + score, withRespectTo: parameters).map(\.values)
    }
    let sequential = inputs.map(run)
    let results = ConcurrentResults(count: inputs.count)
    DispatchQueue.concurrentPerform(iterations: inputs.count) { index in
      results.store(run(inputs[index]), at: index)
    }
    for index in inputs.indices { XCTAssertEqual(results.value(at: index), sequential[index]) }
  }
}

extension DifferentiationEngineTests {
  /// The same at sizes where the matrix products themselves run on several threads, repeated.
  func testConcurrentReplicasOfWideConvolutionsMatchASequentialRun() {
    let (first, second) = (parameter([32, 32, 3, 3]), parameter([32, 32, 4, 4]))
    let inputs = (0..<4).map { _ in randomTensor([2, 32, 32, 32], using: &generator) }
    let run = { (x: Tensor) -> [[Float]] in
      let hidden = instanceNormalization2D(convolution2D(x, weight: first, bias: nil, padding: 1))
      let y = convolution2D(hidden.leakyReLU(slope: 0.01), weight: second, bias: nil, stride: 2)
      return gradients(of: y.squared().mean(), withRespectTo: [first, second]).map(\.values)
    }
    let sequential = inputs.map(run)
    for _ in 0..<3 {
      let results = ConcurrentResults(count: inputs.count)
      DispatchQueue.concurrentPerform(iterations: inputs.count) { index in
        results.store(run(inputs[index]), at: index)
      }
      for index in inputs.indices { XCTAssertEqual(results.value(at: index), sequential[index]) }
    }
  }
}

/// Results written by concurrent workers, each to its own slot.
private final class ConcurrentResults: @unchecked Sendable {
  private var slots: [[[Float]]]
  private let lock = NSLock()

  init(count: Int) { slots = Array(repeating: [], count: count) }

  func store(_ value: [[Float]], at index: Int) {
    lock.lock()
    slots[index] = value
    lock.unlock()
  }

  func value(at index: Int) -> [[Float]] {
    lock.lock()
    defer { lock.unlock() }
    return slots[index]
  }
}

extension Float {
  fileprivate var tanhValue: Float { Float(Foundation.tanh(Double(self))) }
}
