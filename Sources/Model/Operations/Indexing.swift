/// Reading elements at precomputed positions, and its adjoint, summing into positions.
///
/// These carry the backward of every selection: max pooling and max-feature-map pick one input
/// per output, recorded as flat indices into the input.

/// y[i] = x[indices[i]]: a tensor of `shape` gathered from the flat elements of `x`.
///
/// Indices are 32-bit to halve their memory; a tensor read this way holds under 2^31 elements.
func gather(_ x: Tensor, indices: [Int32], shape: [Int]) -> Tensor {
  precondition(x.count <= Int(Int32.max), "gather from \(x.count) elements")
  let storage = Tensor.storage(for: shape)
  precondition(storage.count == indices.count, "gather: \(indices.count) indices for \(shape)")
  let (input, output) = (x.storage.pointer, storage.pointer)
  indices.withUnsafeBufferPointer { positions in
    for index in 0..<positions.count { output[index] = input[Int(positions[index])] }
  }
  return gathered(x, indices: indices, shape: shape, values: storage)
}

/// The result of `gather(x, indices:shape:)` whose values the caller already computed
/// (`values[i] == x[indices[i]]`), saving a second pass over the input.
func gathered(_ x: Tensor, indices: [Int32], shape: [Int], values: TensorStorage) -> Tensor {
  let inputShape = x.shape
  return Tensor.result("gather", shape: shape, storage: values, inputs: [x]) { gy, _ in
    // y[i] = x[indices[i]]
    [scatterSum(gy, indices: indices, shape: inputShape)]
  }
}

/// y[indices[i]] += g[i] over a zero tensor of `shape`; the adjoint of `gather`.
func scatterSum(_ g: Tensor, indices: [Int32], shape: [Int]) -> Tensor {
  precondition(g.count == indices.count, "scatter: \(indices.count) indices for \(g.shape)")
  let storage = TensorStorage(count: shape.reduce(1, *), repeating: 0)
  let (input, output) = (g.storage.pointer, storage.pointer)
  indices.withUnsafeBufferPointer { positions in
    for index in 0..<positions.count { output[Int(positions[index])] += input[index] }
  }
  let inputShape = g.shape
  return Tensor.result("scatterSum", shape: shape, storage: storage, inputs: [g]) { gy, _ in
    // y[indices[i]] += g[i]
    [gather(gy, indices: indices, shape: inputShape)]
  }
}
