/// Joining tensors along one axis, taking a slice along one axis, and placing a slice into
/// zeros (the adjoint of slicing).
///
/// Shapes: along `axis`, a tensor is viewed as (outer, length, inner) with outer the product of
/// the dimensions before the axis and inner the product of those after it.

/// Concatenates tensors along `axis` (1 joins channels of images or features of vectors).
///
/// All tensors must have the same shape except along `axis`.
public func concatenate(_ tensors: [Tensor], alongAxis axis: Int = 1) -> Tensor {
  precondition(!tensors.isEmpty, "concatenate needs at least one tensor")
  let first = tensors[0].shape
  for tensor in tensors {
    var expected = first
    expected[axis] = tensor.shape[axis]
    precondition(
      tensor.shape == expected, "cannot concatenate \(tensor.shape) to \(first) along \(axis)")
  }
  var shape = first
  shape[axis] = tensors.map { $0.shape[axis] }.reduce(0, +)
  let outer = first[..<axis].reduce(1, *)
  let inner = first[(axis + 1)...].reduce(1, *)
  let storage = Tensor.storage(for: shape)
  var offset = 0
  for tensor in tensors {
    let run = tensor.shape[axis] * inner
    for block in 0..<outer {
      (storage.pointer + block * shape[axis] * inner + offset).update(
        from: tensor.storage.pointer + block * run, count: run)
    }
    offset += run
  }
  let lengths = tensors.map { $0.shape[axis] }
  let starts = lengths.reduce(into: [0]) { $0.append($0.last! + $1) }
  return Tensor.result("concatenate", shape: shape, storage: storage, inputs: tensors) {
    gy, context in
    // y = [x0, x1, ...] along the axis: each input's gradient is its slice of gy
    lengths.indices.map { index in
      context.needs(index)
        ? gy.slice(alongAxis: axis, start: starts[index], length: lengths[index]) : nil
    }
  }
}

extension Tensor {
  /// The elements with index `start..<start + length` along `axis`.
  public func slice(alongAxis axis: Int, start: Int, length: Int) -> Tensor {
    precondition(
      axis < rank && start >= 0 && start + length <= shape[axis], "bad slice of \(shape)")
    var sliced = shape
    sliced[axis] = length
    let (outer, inner) = (shape[..<axis].reduce(1, *), shape[(axis + 1)...].reduce(1, *))
    let storage = Tensor.storage(for: sliced)
    for block in 0..<outer {
      (storage.pointer + block * length * inner).update(
        from: self.storage.pointer + (block * shape[axis] + start) * inner, count: length * inner)
    }
    let fullLength = shape[axis]
    return Tensor.result("slice", shape: sliced, storage: storage, inputs: [self]) { gy, _ in
      // y = x[start..<start + length] along the axis
      [gy.embedded(alongAxis: axis, start: start, length: fullLength)]
    }
  }

  /// Places this tensor at `start` along `axis` in zeros of size `length` there; the adjoint
  /// of `slice(alongAxis:start:length:)`.
  func embedded(alongAxis axis: Int, start: Int, length: Int) -> Tensor {
    var full = shape
    full[axis] = length
    let (outer, inner) = (shape[..<axis].reduce(1, *), shape[(axis + 1)...].reduce(1, *))
    let storage = TensorStorage(count: full.reduce(1, *), repeating: 0)
    let run = shape[axis] * inner
    for block in 0..<outer {
      (storage.pointer + (block * length + start) * inner).update(
        from: self.storage.pointer + block * run, count: run)
    }
    let sliceLength = shape[axis]
    return Tensor.result("embed", shape: full, storage: storage, inputs: [self]) { gy, _ in
      // y = zeros with x placed at start along the axis
      [gy.slice(alongAxis: axis, start: start, length: sliceLength)]
    }
  }
}
