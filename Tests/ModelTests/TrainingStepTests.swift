import Foundation
import Model
import XCTest

/// Small models trained with the library's losses and Adam.
final class TrainingStepTests: XCTestCase {
  private let configuration = FESGANConfiguration(
    imageSize: 32, channels: 1, classes: 2, latentSize: 8, width: 2, recognizerWidth: 0.125,
    dropout: 0.5, usesIdentity: false)

  /// B images of two classes: class 0 is bright on the left half, class 1 on the right, with
  /// noise; labels alternate.
  private func images(count: Int, seed: UInt64) -> (Tensor, [Int]) {
    var generator = Xoshiro256Generator(seed: seed)
    let side = configuration.imageSize
    var values: [Float] = []
    let labels = (0..<count).map { $0 % 2 }
    for label in labels {
      for _ in 0..<side {
        for column in 0..<side {
          let bright = (column < side / 2) == (label == 0)
          values.append((bright ? 0.6 : -0.6) + generator.nextSymmetric(bound: 0.3))
        }
      }
    }
    return (Tensor(shape: [count, 1, side, side], values: values), labels)
  }

  private func batch(seed: UInt64) -> FESGANBatch {
    let (x, y) = images(count: 4, seed: seed)
    let (same, _) = images(count: 4, seed: seed + 100)
    var generator = Xoshiro256Generator(seed: seed + 200)
    let codes = (0..<(4 * configuration.latentSize)).map { _ in
      generator.nextSymmetric(bound: 1)
    }
    return FESGANBatch(
      images: x, labels: y, sameClassImages: same, targetLabels: y.map { 1 - $0 },
      priorCodes: Tensor(shape: [4, configuration.latentSize], values: codes), priorLabels: y,
      priorClassImages: same, penaltyWeights: [0.1, 0.4, 0.6, 0.9])
  }

  func testRecognizerLearnsATwoClassProblem() {
    let model = FESGANModel(configuration: configuration, seed: 11)
    let group = model.group(.recognizer)
    var adam = Adam(
      parameterCount: group.elementCount,
      hyperparameters: AdamHyperparameters(learningRate: 1e-3, beta1: 0.9))
    let (x, y) = images(count: 8, seed: 1)
    func loss() -> Tensor {
      softmaxCrossEntropy(logits: model.recognizer(gray01(x)).logits, labels: y)
    }
    let initial = loss().scalarValue
    for _ in 0..<30 {
      let value = loss()
      adam.step(
        parameters: group.tensors, gradients: gradients(of: value, withRespectTo: group.tensors))
    }
    let final = loss().scalarValue
    XCTAssertGreaterThan(initial, 0.5)
    XCTAssertLessThan(final, 0.05, "cross-entropy went from \(initial) to \(final)")
  }

  func testFullIterationsKeepLossesFiniteAndChangeEveryGroup() {
    let model = FESGANModel(configuration: configuration, seed: 12)
    var optimizers = Dictionary(
      uniqueKeysWithValues: model.groups.map {
        ($0.name, Adam(parameterCount: $0.elementCount))
      })
    let before = model.groups.map { $0.flattenedValues() }
    for iteration in 0..<3 {
      var current = batch(seed: UInt64(iteration))
      let featureCount = 4 * model.recognizer.featureSize
      var generator = Xoshiro256Generator(seed: 50 + UInt64(iteration))
      func mask() -> [Bool] { (0..<featureCount).map { _ in generator.next() % 2 == 0 } }
      current.recognizerDropout = RecognizerDropout(
        real: mask(), sameClass: mask(), priorClass: mask(), invented: mask(),
        inventedForGenerator: mask())
      let synthesis = model.synthesize(current)
      let phases: [(ParameterGroupName, () -> Tensor)] = [
        (.latentCritic, { model.latentCriticLoss(current, synthesis) }),
        (.imageCritic, { model.imageCriticLoss(current, synthesis) }),
        (.recognizer, { model.recognizerLoss(current, synthesis) }),
        (.generator, { model.generatorLoss(current, synthesis, joint: true) }),
      ]
      for (name, loss) in phases {
        let value = loss()
        XCTAssertTrue(value.scalarValue.isFinite, "\(name) at iteration \(iteration)")
        let tensors = model.group(name).tensors
        optimizers[name]!.step(
          parameters: tensors, gradients: gradients(of: value, withRespectTo: tensors))
      }
    }
    for (group, old) in zip(model.groups, before) {
      XCTAssertNotEqual(group.flattenedValues(), old, "\(group.name) was not updated")
      XCTAssertEqual(optimizers[group.name]!.state.step, 3)
    }
  }

  func testDropoutMaskChangesOnlyTheLogits() {
    let model = FESGANModel(configuration: configuration, seed: 13)
    let (x, _) = images(count: 2, seed: 3)
    let count = 2 * model.recognizer.featureSize
    let plain = model.recognizer(gray01(x))
    let allKept = model.recognizer(gray01(x), dropoutKeep: Array(repeating: true, count: count))
    let halfKept = model.recognizer(
      gray01(x), dropoutKeep: (0..<count).map { $0 % 2 == 0 })
    XCTAssertEqual(plain.feature.values, halfKept.feature.values)
    XCTAssertNotEqual(plain.logits.values, halfKept.logits.values)
    // Keeping everything still scales by 1 / (1 - p), as PyTorch does in training.
    let scaled = model.recognizer.fc[2](plain.feature * 2).values
    for (a, b) in zip(allKept.logits.values, scaled) { XCTAssertEqual(a, b, accuracy: 1e-5) }
  }
}
