import Foundation
import Model
import XCTest

/// Adam against three PyTorch steps, and its state handling.
final class AdamTests: XCTestCase {
  private func fixture() throws -> SafeTensorsFile {
    try SafeTensorsFile(
      contentsOf: try XCTUnwrap(
        Bundle.module.url(
          forResource: "adam", withExtension: "safetensors", subdirectory: "Fixtures")))
  }

  private func hyperparameters(_ file: SafeTensorsFile) throws -> AdamHyperparameters {
    let betas = try file.floats("betas")
    return AdamHyperparameters(
      learningRate: try file.floats("lr")[0], beta1: betas[0], beta2: betas[1],
      epsilon: try file.floats("eps")[0])
  }

  func testThreeStepsMatchPyTorchOnAFlatBuffer() throws {
    let file = try fixture()
    var parameters = try file.floats("param0")
    var adam = Adam(parameterCount: parameters.count, hyperparameters: try hyperparameters(file))
    for step in 0..<3 {
      let gradients = try file.floats("grad\(step)")
      parameters.withUnsafeMutableBufferPointer { p in
        gradients.withUnsafeBufferPointer { adam.step(parameters: p, gradients: $0) }
      }
      let expected = try file.doubles("param\(step + 1)")
      for (index, value) in parameters.enumerated() {
        XCTAssertEqual(
          Double(value), expected[index], accuracy: 1e-6, "step \(step + 1) element \(index)")
      }
    }
    XCTAssertEqual(adam.state.step, 3)
    XCTAssertEqual(
      parameters[0], try file.floats("param0")[0], "zero gradient leaves element 0 alone")
    XCTAssertEqual(adam.state.firstMoment[0], 0)
  }

  func testTensorGroupMatchesFlatBufferAndStateResumes() throws {
    let file = try fixture()
    let initial = try file.floats("param0")
    let first = Tensor(shape: [4], values: Array(initial[0..<4]), requiresGradient: true)
    let second = Tensor(shape: [2, 3], values: Array(initial[4...]), requiresGradient: true)
    var adam = Adam(parameterCount: 10, hyperparameters: try hyperparameters(file))
    for step in 0..<3 {
      let gradients = try file.floats("grad\(step)")
      if step == 2 {
        // A checkpoint restores the state into a new optimizer between steps.
        adam = Adam(state: adam.state, hyperparameters: adam.hyperparameters)
      }
      adam.step(
        parameters: [first, second],
        gradients: [
          Tensor(shape: [4], values: Array(gradients[0..<4])),
          Tensor(shape: [2, 3], values: Array(gradients[4...])),
        ])
    }
    let expected = try file.doubles("param3")
    for (index, value) in (first.values + second.values).enumerated() {
      XCTAssertEqual(Double(value), expected[index], accuracy: 1e-6, "element \(index)")
    }
  }

  func testTensorGroupWithFlatGradientsMatchesPyTorch() throws {
    let file = try fixture()
    let initial = try file.floats("param0")
    let first = Tensor(shape: [3], values: Array(initial[0..<3]), requiresGradient: true)
    let second = Tensor(shape: [7], values: Array(initial[3...]), requiresGradient: true)
    var adam = Adam(parameterCount: 10, hyperparameters: try hyperparameters(file))
    for step in 0..<3 {
      let gradients = try file.floats("grad\(step)")
      gradients.withUnsafeBufferPointer {
        adam.step(parameters: [first, second], flatGradients: $0)
      }
    }
    let expected = try file.doubles("param3")
    for (index, value) in (first.values + second.values).enumerated() {
      XCTAssertEqual(Double(value), expected[index], accuracy: 1e-6, "element \(index)")
    }
  }

  func testEpsilonIsAddedAfterTheBiasCorrection() {
    // After one step with gradient g, m = (1 - b1) g and v = (1 - b2) g^2, so the update is
    // lr * g / (|g| + eps) = lr * sign(g) when eps is added after the correction; adding it
    // before would give a visibly smaller step for a tiny gradient.
    var parameters: [Float] = [0]
    let gradients: [Float] = [1e-7]
    var adam = Adam(parameterCount: 1, hyperparameters: AdamHyperparameters(learningRate: 1))
    parameters.withUnsafeMutableBufferPointer { p in
      gradients.withUnsafeBufferPointer { adam.step(parameters: p, gradients: $0) }
    }
    XCTAssertEqual(parameters[0], -1e-7 / (1e-7 + 1e-8), accuracy: 1e-5)
  }
}
