/// Rectified linear units.
///
/// Shapes: x and y have the same shape. The derivative is piecewise constant, so the backward
/// multiplies by a constant mask and is itself differentiable (to zero second derivative).
extension Tensor {
  /// max(x, 0).
  public func relu() -> Tensor { leakyReLU(slope: 0) }

  /// x for x > 0, `slope * x` otherwise (PyTorch's LeakyReLU with `negative_slope`).
  public func leakyReLU(slope: Float) -> Tensor {
    let storage = Tensor.storage(for: shape)
    let (x, y) = (self.storage.pointer, storage.pointer)
    for index in 0..<count {
      let value = x[index]
      y[index] = value > 0 ? value : value * slope
    }
    return Tensor.result("leakyReLU", shape: shape, storage: storage, inputs: [self]) { gy, _ in
      // y = x > 0 ? x : slope x, so dy/dx is the mask (1 or slope) drawn from x
      [gy * self.rectifierMask(slope: slope)]
    }
  }

  /// 1 where x > 0, `slope` elsewhere, as a constant.
  private func rectifierMask(slope: Float) -> Tensor {
    let storage = Tensor.storage(for: shape)
    let (x, mask) = (self.storage.pointer, storage.pointer)
    for index in 0..<count { mask[index] = x[index] > 0 ? 1 : slope }
    return Tensor(shape: shape, storage: storage)
  }
}
