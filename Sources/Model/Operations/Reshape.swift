/// Views of the same values under another shape. No data moves: the result shares storage.
extension Tensor {
  /// The same values with shape `newShape`, whose element count must match; one dimension may
  /// be `-1` and is then inferred.
  public func reshaped(to newShape: [Int]) -> Tensor {
    var resolved = newShape
    if let inferred = newShape.firstIndex(of: -1) {
      let known = newShape.filter { $0 != -1 }.reduce(1, *)
      precondition(known > 0 && count % known == 0, "cannot reshape \(shape) to \(newShape)")
      resolved[inferred] = count / known
    }
    precondition(
      resolved.reduce(1, *) == count, "cannot reshape \(shape) (\(count) values) to \(newShape)")
    if resolved == shape { return self }
    let inputShape = shape
    return Tensor.result("reshape", shape: resolved, storage: storage, inputs: [self]) { gy, _ in
      [gy.reshaped(to: inputShape)]
    }
  }

  /// Keeps the first dimension and merges the rest: (B, C, H, W) -> (B, C*H*W).
  public func flattened() -> Tensor {
    precondition(rank >= 1, "cannot flatten a scalar")
    return reshaped(to: [shape[0], count / max(1, shape[0])])
  }
}
