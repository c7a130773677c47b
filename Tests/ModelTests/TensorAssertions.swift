import Model
import XCTest

/// ||a - b|| / ||b|| over whole tensors, in float64.
func relativeError(_ actual: [Float], _ expected: [Double]) -> Double {
  precondition(actual.count == expected.count, "\(actual.count) vs \(expected.count) values")
  var (difference, reference) = (0.0, 0.0)
  for (a, b) in zip(actual, expected) {
    difference += (Double(a) - b) * (Double(a) - b)
    reference += b * b
  }
  return (difference / reference).squareRoot()
}

/// The Euclidean norm of a tensor's values, in float64.
func norm(_ tensor: Tensor) -> Double {
  tensor.values.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
}

/// Asserts that `actual` has `shape` and lies within `tolerance` relative error of `expected`.
func assertClose(
  _ actual: Tensor, _ expected: [Double], shape: [Int], tolerance: Double, _ label: String,
  file: StaticString = #filePath, line: UInt = #line
) {
  XCTAssertEqual(actual.shape, shape, "\(label): shape", file: file, line: line)
  guard actual.count == expected.count else { return }
  let error = relativeError(actual.values, expected)
  XCTAssertLessThan(error, tolerance, "\(label): relative error", file: file, line: line)
}

/// A tensor of `shape` with values drawn uniformly from [-scale, scale].
func randomTensor<Generator: RandomNumberGenerator>(
  _ shape: [Int], scale: Float = 1, requiresGradient: Bool = false,
  using generator: inout Generator
) -> Tensor {
  let count = shape.reduce(1, *)
  let values = (0..<count).map { _ in Float.random(in: -scale...scale, using: &generator) }
  return Tensor(shape: shape, values: values, requiresGradient: requiresGradient)
}

/// A small seeded generator (SplitMix64), so random test shapes and values are reproducible.
struct SeededGenerator: RandomNumberGenerator {
  private var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// The WGAN-GP penalty mean over samples of (||d score_i / d x_i||_2 - 1)^2, built with a
/// differentiable gradient so that it can be differentiated with respect to the critic (and
/// to the points).
///
/// - Parameters:
///   - points: (B, ...), a tensor that requires gradients.
///   - critic: Maps (B, ...) to one score per sample, (B).
func gradientPenalty(at points: Tensor, critic: (Tensor) -> Tensor) -> Tensor {
  let scores = critic(points)
  let slope = gradients(of: scores.sum(), withRespectTo: [points], createGraph: true)[0]
  let norms = slope.flattened().squared().sum(alongAxes: [1]).squareRoot()
  return (norms - 1).squared().mean()
}

/// The two-layer image critic of the gradient-penalty fixture: conv (k4 s2 p1), instance
/// norm, an activation (leaky ReLU 0.01 by default), conv (k4 s2 p1), averaged to one score
/// per sample.
func smallCritic(
  _ x: Tensor, _ parameters: [Tensor],
  activation: (Tensor) -> Tensor = { $0.leakyReLU(slope: 0.01) }
) -> Tensor {
  let hidden = convolution2D(x, weight: parameters[0], bias: parameters[1], stride: 2, padding: 1)
  let activated = activation(instanceNormalization2D(hidden))
  let map = convolution2D(
    activated, weight: parameters[2], bias: parameters[3], stride: 2, padding: 1)
  return map.mean(alongAxes: [1, 2, 3])
}
