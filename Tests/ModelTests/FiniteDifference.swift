import Model
import XCTest

/// Checks the engine's gradients against central differences of the engine's own forward pass.
///
/// The engine computes in float32; the checker reduces each output to the scalar
/// L = sum(y * gy) in float64, for a fixed random gy, and takes
/// dL/dx_j ~ (L(x + h e_j) - L(x - h e_j)) / (x_j+ - x_j-) with the denominator measured after
/// rounding the perturbed inputs to float32.
///
/// Tolerance reasoning for inputs and derivatives of order 1 and h = 1e-2: the truncation
/// error of a central difference is about h^2 |L'''| / 6, near 2e-5; float32 rounding of the
/// outputs perturbs L by about 6e-8 sqrt(n) |y gy|, which divided by 2h is under 1e-4 for the
/// few hundred outputs used here. A relative error of the whole gradient below 1e-3 therefore
/// leaves a wide margin, while a wrong backward (a missing term, a swapped index, a wrong
/// scale) is off by 1e-1 or more. Second derivatives read float32 gradients (relative error
/// near 1e-6) through the same differences, which adds about 1e-6 / h = 1e-4, so they get
/// 3e-3. Piecewise-linear functions (rectifiers, max selections, |x|) are checked at inputs at
/// least 2h away from their kinks and ties, where they are smooth.
struct FiniteDifferenceChecker {
  /// The perturbation h.
  var step: Float = 1e-2
  /// The bound on ||numeric - analytic|| / ||analytic|| per input.
  var tolerance: Double = 1e-3
  /// The same bound for second derivatives.
  var secondOrderTolerance: Double = 3e-3
  /// Seeds the upstream gradient gy.
  var seed: UInt64 = 7

  /// Compares, for every input, the gradient of sum(forward(inputs) * gy) with central
  /// differences over every element of that input.
  func check(
    _ label: String, _ inputs: [Tensor], file: StaticString = #filePath, line: UInt = #line,
    forward: ([Tensor]) -> Tensor
  ) {
    let leaves = inputs.map { $0.detached(requiresGradient: true) }
    let output = forward(leaves)
    var generator = SeededGenerator(seed: seed)
    let upstream = randomTensor(output.shape, using: &generator)
    let analytic = gradients(of: (output * upstream).sum(), withRespectTo: leaves)
    let weights = upstream.values.map(Double.init)
    for (index, input) in inputs.enumerated() {
      let numeric = numericGradient(of: index, in: inputs, weights: weights, forward: forward)
      compare(analytic[index], numeric, "\(label) input \(index) \(input.shape)", file, line)
    }
  }

  /// Central differences of sum(forward * weights) in float64 for every element of input
  /// `index`.
  private func numericGradient(
    of index: Int, in inputs: [Tensor], weights: [Double], forward: ([Tensor]) -> Tensor
  ) -> [Double] {
    let base = inputs[index].values
    return base.indices.map { element in
      var (plus, minus) = (base, base)
      plus[element] += step
      minus[element] -= step
      let delta = Double(plus[element]) - Double(minus[element])
      let difference =
        weightedSum(forward, inputs, replacing: index, with: plus, weights: weights)
        - weightedSum(forward, inputs, replacing: index, with: minus, weights: weights)
      return difference / delta
    }
  }

  /// sum(forward(inputs with input `index` set to `values`) * weights), in float64.
  private func weightedSum(
    _ forward: ([Tensor]) -> Tensor, _ inputs: [Tensor], replacing index: Int,
    with values: [Float], weights: [Double]
  ) -> Double {
    var perturbed = inputs.map { $0.detached(requiresGradient: true) }
    perturbed[index] = Tensor(shape: inputs[index].shape, values: values, requiresGradient: true)
    return zip(forward(perturbed).values, weights).reduce(0.0) { $0 + Double($1.0) * $1.1 }
  }

  private func compare(
    _ analytic: Tensor, _ numeric: [Double], _ label: String, _ file: StaticString, _ line: UInt
  ) {
    let reference = numeric.reduce(0.0) { $0 + $1 * $1 }.squareRoot()
    let error = zip(analytic.values, numeric).reduce(0.0) {
      $0 + (Double($1.0) - $1.1) * (Double($1.0) - $1.1)
    }.squareRoot()
    // A gradient that is zero in exact arithmetic is compared in absolute terms.
    let scale = max(reference, 1e-3)
    XCTAssertLessThan(
      error / scale, tolerance, "\(label): analytic vs central differences", file: file,
      line: line)
  }

  /// Checks the backward of the backward: for L2 = sum_k sum(grad_k * r_k), where grad_k is the
  /// differentiable gradient of sum(forward * gy) with respect to input k and r_k are fixed
  /// random tensors, compares dL2/d inputs with central differences of L2.
  func checkSecondOrder(
    _ label: String, _ inputs: [Tensor], file: StaticString = #filePath, line: UInt = #line,
    forward: @escaping ([Tensor]) -> Tensor
  ) {
    var generator = SeededGenerator(seed: seed &+ 1)
    let probe = forward(inputs.map { $0.detached(requiresGradient: true) })
    let upstream = randomTensor(probe.shape, using: &generator)
    let directions = inputs.map { randomTensor($0.shape, using: &generator) }
    var checker = self
    checker.tolerance = secondOrderTolerance
    checker.check(label + " (second order)", inputs, file: file, line: line) { leaves in
      let first = gradients(
        of: (forward(leaves) * upstream).sum(), withRespectTo: leaves, createGraph: true)
      return zip(first, directions).map { ($0 * $1).sum() }.reduce(Tensor(scalar: 0), +)
    }
  }
}

/// Moves every value at least `margin` away from zero, keeping its sign, so piecewise-linear
/// functions with a kink at zero are smooth within the perturbation.
func awayFromZero(_ tensor: Tensor, margin: Float) -> Tensor {
  Tensor(
    shape: tensor.shape, values: tensor.values.map { $0 >= 0 ? $0 + margin : $0 - margin })
}

/// A tensor whose values are distinct multiples of `spacing` in random order, so that every
/// maximum is strict by at least `spacing`.
func distinctTensor<Generator: RandomNumberGenerator>(
  _ shape: [Int], spacing: Float, using generator: inout Generator
) -> Tensor {
  let count = shape.reduce(1, *)
  let order = Array(0..<count).shuffled(using: &generator)
  return Tensor(
    shape: shape, values: order.map { (Float($0) - Float(count) / 2) * spacing })
}
