/// Instance normalization without affine parameters, as PyTorch's `instance_norm`: every
/// (sample, channel) plane is shifted to mean 0 and scaled to variance 1, with the biased
/// variance and `epsilon` added under the square root.
///
/// Shapes: x and y (B, C, H, W); statistics per plane, (B, C).
///
/// - Parameters:
///   - x: (B, C, H, W).
///   - epsilon: Added to the variance; PyTorch's default is 1e-5.
/// - Returns: (B, C, H, W).
public func instanceNormalization2D(_ x: Tensor, epsilon: Float = 1e-5) -> Tensor {
  precondition(x.rank == 4, "instance normalization needs (B, C, H, W), got \(x.shape)")
  let planes = x.shape[0] * x.shape[1]
  let plane = x.shape[2] * x.shape[3]
  let storage = Tensor.storage(for: x.shape)
  let inverseDeviations = TensorStorage(uninitializedCount: planes)
  for index in 0..<planes {
    let input = x.storage.pointer + index * plane
    let output = storage.pointer + index * plane
    let mean = doubleSum(input, count: plane) / Double(plane)
    let squares = doubleSquaredDeviation(input, center: mean, count: plane)
    let inverse = 1 / (squares / Double(plane) + Double(epsilon)).squareRoot()
    inverseDeviations.pointer[index] = Float(inverse)
    let (shift, scale) = (Float(mean), Float(inverse))
    for position in 0..<plane { output[position] = (input[position] - shift) * scale }
  }
  return Tensor.result("instanceNorm", shape: x.shape, storage: storage, inputs: [x]) {
    gy, context in
    if context.createGraph { return [normalizationGradientGraph(x, gy, epsilon: epsilon)] }
    return [
      normalizationGradient(
        gy, normalized: storage, inverseDeviations: inverseDeviations, plane: plane)
    ]
  }
}

/// With y = (x - mean) s, s = 1 / sqrt(var + eps), differentiating per plane gives
/// gx = s (gy - mean(gy) - y mean(gy y)); the fused first-order form.
private func normalizationGradient(
  _ gy: Tensor, normalized: TensorStorage, inverseDeviations: TensorStorage, plane: Int
) -> Tensor {
  let storage = Tensor.storage(for: gy.shape)
  for index in 0..<inverseDeviations.count {
    let upstream = gy.storage.pointer + index * plane
    let y = normalized.pointer + index * plane
    let output = storage.pointer + index * plane
    let sum = doubleSum(upstream, count: plane)
    let projection = doubleDot(upstream, y, count: plane)
    let meanGradient = Float(sum / Double(plane))
    let meanProjection = Float(projection / Double(plane))
    let scale = inverseDeviations.pointer[index]
    for position in 0..<plane {
      output[position] = scale * (upstream[position] - meanGradient - y[position] * meanProjection)
    }
  }
  return Tensor(shape: gy.shape, storage: storage)
}

/// The same gradient built from differentiable operations, so it can be differentiated again
/// in both x and gy (the forward statistics are recomputed inside the graph).
private func normalizationGradientGraph(_ x: Tensor, _ gy: Tensor, epsilon: Float) -> Tensor {
  let planeAxes = [2, 3]
  let centered = x - x.mean(alongAxes: planeAxes, keepingDimensions: true)
  let variance = centered.squared().mean(alongAxes: planeAxes, keepingDimensions: true)
  let deviation = (variance + epsilon).squareRoot()
  let y = centered / deviation
  let meanGradient = gy.mean(alongAxes: planeAxes, keepingDimensions: true)
  let meanProjection = (gy * y).mean(alongAxes: planeAxes, keepingDimensions: true)
  return (gy - meanGradient - y * meanProjection) / deviation
}
