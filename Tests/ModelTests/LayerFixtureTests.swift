import Foundation
import Model
import XCTest

/// Every primitive against the PyTorch reference (`Fixtures/layers.safetensors`): the output,
/// and the gradient of sum(y * gy) with respect to every input and parameter, each within
/// 1e-5 relative error of the whole tensor.
final class LayerFixtureTests: XCTestCase {
  private static let tolerance = 1e-5

  private func fixture() throws -> SafeTensorsFile {
    try SafeTensorsFile(
      contentsOf: try XCTUnwrap(
        Bundle.module.url(
          forResource: "layers", withExtension: "safetensors", subdirectory: "Fixtures")))
  }

  /// Loads `name.key` as a tensor (a leaf that requires gradients, unless `constant`).
  private func load(_ file: SafeTensorsFile, _ name: String, constant: Bool = false) throws
    -> Tensor
  {
    Tensor(
      shape: try file.shape(name), values: try file.floats(name), requiresGradient: !constant)
  }

  /// Runs case `name`: builds `forward` on the named inputs, checks y against the reference,
  /// then checks the gradient of sum(y * gy) for each input.
  private func checkCase(
    _ name: String, inputs: [String], file: StaticString = #filePath, line: UInt = #line,
    forward: ([Tensor]) -> Tensor
  ) throws {
    let fixture = try fixture()
    let leaves = try inputs.map { try load(fixture, "\(name).\($0)") }
    let y = forward(leaves)
    assertClose(
      y, try fixture.doubles("\(name).y"), shape: try fixture.shape("\(name).y"),
      tolerance: Self.tolerance, "\(name) y", file: file, line: line)
    let upstream = try load(fixture, "\(name).gy", constant: true)
    let computed = gradients(of: (y * upstream).sum(), withRespectTo: leaves)
    for (input, gradient) in zip(inputs, computed) {
      let key = "\(name).grad_\(input)"
      assertClose(
        gradient, try fixture.doubles(key), shape: try fixture.shape(key),
        tolerance: Self.tolerance, key, file: file, line: line)
    }
  }

  /// Reads k, s and p from a case name such as `conv2d_k4s2p1`.
  private func hyperparameters(_ name: String) -> (kernel: Int, stride: Int, padding: Int) {
    let digits = name.split(separator: "_")[1].split(whereSeparator: { !$0.isNumber })
    let values = digits.map { Int($0)! }
    return (values[0], values[1], values[2])
  }

  func testConvolutions() throws {
    for name in [
      "conv2d_k1s1p0", "conv2d_k2s1p0", "conv2d_k3s1p1", "conv2d_k3s2p1", "conv2d_k4s2p0",
      "conv2d_k4s2p1", "conv2d_k5s1p2",
    ] {
      let (_, stride, padding) = hyperparameters(name)
      try checkCase(name, inputs: ["x", "weight", "bias"]) {
        convolution2D($0[0], weight: $0[1], bias: $0[2], stride: stride, padding: padding)
      }
    }
  }

  func testTransposedConvolutions() throws {
    for name in ["conv_transpose2d_k4s2p1_h1", "conv_transpose2d_k4s2p1_h5"] {
      try checkCase(name, inputs: ["x", "weight", "bias"]) {
        transposedConvolution2D($0[0], weight: $0[1], bias: $0[2], stride: 2, padding: 1)
      }
    }
  }

  func testInstanceNormalization() throws {
    for name in ["instance_norm2d_h2", "instance_norm2d_h5"] {
      try checkCase(name, inputs: ["x"]) { instanceNormalization2D($0[0]) }
    }
  }

  func testActivations() throws {
    try checkCase("leaky_relu", inputs: ["x"]) { $0[0].leakyReLU(slope: 0.01) }
    try checkCase("relu", inputs: ["x"]) { $0[0].relu() }
    try checkCase("tanh", inputs: ["x"]) { $0[0].tanh() }
    try checkCase("sigmoid", inputs: ["x"]) { $0[0].sigmoid() }
  }

  func testLinear() throws {
    try checkCase("linear", inputs: ["x", "weight", "bias"]) {
      linear($0[0], weight: $0[1], bias: $0[2])
    }
  }

  func testPooling() throws {
    for name in ["max_pool2d_k2s2_ceil_h7", "max_pool2d_k2s2_ceil_h8"] {
      try checkCase(name, inputs: ["x"]) { maxPool2D($0[0]) }
    }
    try checkCase("global_avg_pool", inputs: ["x"]) { globalAveragePool($0[0]) }
  }

  func testMaxFeatureMapConvolution() throws {
    try checkCase("mfm_conv", inputs: ["x", "weight", "bias"]) {
      maxFeatureMap(convolution2D($0[0], weight: $0[1], bias: $0[2], stride: 1, padding: 1))
    }
  }

  func testGray01() throws {
    try checkCase("gray01", inputs: ["x"]) { gray01($0[0]) }
  }

  func testClassificationLosses() throws {
    let labels = try fixture().floats("cross_entropy.target").map { Int($0) }
    try checkCase("cross_entropy", inputs: ["logits"]) {
      softmaxCrossEntropy(logits: $0[0], labels: labels)
    }
    for target in [0, 1] {
      try checkCase("bce_logits_target\(target)", inputs: ["logits"]) {
        sigmoidBinaryCrossEntropy(logits: $0[0], target: Float(target))
      }
    }
  }

  func testRegressionLosses() throws {
    let fixture = try fixture()
    let l1Target = try load(fixture, "l1.target", constant: true)
    try checkCase("l1", inputs: ["x"]) { meanAbsoluteError($0[0], l1Target) }
    let mseTarget = try load(fixture, "mse.target", constant: true)
    try checkCase("mse", inputs: ["x"]) { meanSquaredError($0[0], mseTarget) }
  }

  /// The double-backward case: the penalty's exact derivatives with respect to the critic.
  /// The penalty differentiates at a detached copy of x, so x itself gets no gradient; the
  /// biases get none in exact arithmetic (instance norm removes b1, and b2 shifts the score
  /// without changing its slope), so their gradients are checked against a small absolute
  /// bound instead of a relative one.
  func testGradientPenalty() throws {
    let fixture = try fixture()
    let x = try load(fixture, "gradient_penalty.x")
    let names = ["w1", "b1", "w2", "b2"]
    let parameters = try names.map { try load(fixture, "gradient_penalty.\($0)") }
    let penalty = gradientPenalty(at: x.detached(requiresGradient: true)) {
      smallCritic($0, parameters)
    }
    assertClose(
      penalty, try fixture.doubles("gradient_penalty.y"), shape: [],
      tolerance: Self.tolerance, "penalty")
    let computed = gradients(of: penalty, withRespectTo: [x] + parameters)
    XCTAssertEqual(norm(computed[0]), 0, "x is detached inside the penalty")
    for (name, gradient) in zip(names, computed.dropFirst()) {
      let key = "gradient_penalty.grad_\(name)"
      if name.hasPrefix("w") {
        assertClose(
          gradient, try fixture.doubles(key), shape: try fixture.shape(key),
          tolerance: Self.tolerance, key)
      } else {
        XCTAssertEqual(gradient.shape, try fixture.shape(key))
        XCTAssertLessThan(norm(gradient), 1e-5, key)
      }
    }
  }
}
