/// Rectified linear units.
///
/// Shapes: x and y have the same shape. The derivative is piecewise constant, so the backward
/// multiplies by a constant mask and is itself differentiable (to zero second derivative).
extension Tensor {
  /// max(x, 0).
  public func relu() -> Tensor { leakyReLU(slope: 0) }

  /// x for x > 0, `slope * x` otherwise (PyTorch's LeakyReLU with `negative_slope`).
  ///
  /// The backward reads the output, not the input (y > 0 exactly where x > 0 for a slope of at
  /// least 0), so the input can be freed once nothing else needs it.
  public func leakyReLU(slope: Float) -> Tensor {
    precondition(slope >= 0, "leaky ReLU slope \(slope) is negative")
    let storage = Tensor.storage(for: shape)
    let (x, y) = (self.storage.pointer, storage.pointer)
    for index in 0..<count {
      let value = x[index]
      y[index] = value > 0 ? value : value * slope
    }
    let outputShape = shape
    return Tensor.result("leakyReLU", shape: shape, storage: storage, inputs: [self]) { gy, _ in
      // y = x > 0 ? x : slope x, so dy/dx is the mask (1 or slope), a constant
      [gy * rectifierMask(output: storage, shape: outputShape, slope: slope)]
    }
  }
}

/// 1 where y > 0, `slope` elsewhere, as a constant.
private func rectifierMask(output: TensorStorage, shape: [Int], slope: Float) -> Tensor {
  let storage = TensorStorage(uninitializedCount: output.count)
  let (y, mask) = (output.pointer, storage.pointer)
  for index in 0..<output.count { mask[index] = y[index] > 0 ? 1 : slope }
  return Tensor(shape: shape, storage: storage)
}
