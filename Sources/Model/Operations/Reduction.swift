/// Sums and means over dimensions, and their adjoint, repetition along dimensions.
///
/// Shapes: x (any) reduces to a shape that broadcasts back to it; sums accumulate in float64
/// in a fixed order, so results are reproducible and accurate over large planes.
extension Tensor {
  /// Sums over the dimensions in which `target` is 1 (or absent), giving a tensor of shape
  /// `target`; the adjoint of `broadcasted(to:)`.
  public func summed(toShape target: [Int]) -> Tensor {
    if target == shape { return self }
    precondition(
      Broadcasting.canExpand(target, to: shape), "cannot sum shape \(shape) to \(target)")
    let storage = Tensor.storage(for: target)
    let outputCount = storage.count
    let sums = UnsafeMutablePointer<Double>.allocate(capacity: max(1, outputCount))
    defer { sums.deallocate() }
    sums.initialize(repeating: 0, count: outputCount)
    let x = self.storage.pointer
    let walk = BroadcastWalk(output: shape, a: shape, b: target)
    let (count, strideX, strideY) = (walk.innerCount, walk.innerStrideA, walk.innerStrideB)
    walk.forEachRun { _, offsetX, offsetY in
      if strideY == 0 {
        sums[offsetY] += doubleSum(x + offsetX, count: count, stride: strideX)
      } else {
        for index in 0..<count {
          sums[offsetY + index * strideY] += Double(x[offsetX + index * strideX])
        }
      }
    }
    for index in 0..<outputCount { storage.pointer[index] = Float(sums[index]) }
    let inputShape = shape
    return Tensor.result("sum", shape: target, storage: storage, inputs: [self]) { gy, _ in
      // y = sum of x over the repeated dimensions
      [gy.broadcasted(to: inputShape)]
    }
  }

  /// Repeats the tensor along its size-1 (or absent leading) dimensions to shape `target`.
  public func broadcasted(to target: [Int]) -> Tensor {
    if target == shape { return self }
    precondition(
      Broadcasting.canExpand(shape, to: target), "cannot broadcast \(shape) to \(target)")
    let storage = Tensor.storage(for: target)
    let (x, y) = (self.storage.pointer, storage.pointer)
    let walk = BroadcastWalk(output: target, a: shape, b: target)
    let (count, strideX) = (walk.innerCount, walk.innerStrideA)
    walk.forEachRun { output, offsetX, _ in
      for index in 0..<count { y[output + index] = x[offsetX + index * strideX] }
    }
    let inputShape = shape
    return Tensor.result("broadcast", shape: target, storage: storage, inputs: [self]) { gy, _ in
      // y = x repeated along the broadcast dimensions
      [gy.summed(toShape: inputShape)]
    }
  }

  /// The shape with the listed axes set to 1.
  private func keptShape(reducing axes: [Int]) -> [Int] {
    var kept = shape
    for axis in axes {
      precondition(axis >= 0 && axis < rank, "axis \(axis) out of range for shape \(shape)")
      kept[axis] = 1
    }
    return kept
  }

  /// The sum over `axes`; those dimensions are kept as size 1 or removed.
  public func sum(alongAxes axes: [Int], keepingDimensions: Bool = false) -> Tensor {
    let kept = keptShape(reducing: axes)
    let total = summed(toShape: kept)
    if keepingDimensions { return total }
    let squeezed = shape.indices.filter { !axes.contains($0) }.map { shape[$0] }
    return total.reshaped(to: squeezed)
  }

  /// The mean over `axes`; those dimensions are kept as size 1 or removed.
  public func mean(alongAxes axes: [Int], keepingDimensions: Bool = false) -> Tensor {
    let size = Set(axes).map { shape[$0] }.reduce(1, *)
    return sum(alongAxes: axes, keepingDimensions: keepingDimensions) * (1 / Float(size))
  }

  /// The sum of all elements, as a scalar (shape `[]`).
  public func sum() -> Tensor { summed(toShape: []) }

  /// The mean of all elements, as a scalar (shape `[]`).
  public func mean() -> Tensor { sum() * (1 / Float(count)) }
}
