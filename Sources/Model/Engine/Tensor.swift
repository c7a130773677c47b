/// An immutable n-dimensional float32 array in row-major (NCHW for images) order that records
/// how it was computed, so gradients can flow back to the tensors it came from.
///
/// Every operation returns a new tensor; a tensor's shape and graph never change. The values
/// of a tensor created with `requiresGradient: true` (a parameter) may be updated in place by
/// an optimizer between computations through `withUnsafeMutableBufferPointer`.
///
/// All graph state lives in the tensors and their nodes: independent graphs can be built and
/// differentiated on different threads at the same time.
public final class Tensor {
  /// The size of each dimension; `[]` for a scalar.
  public let shape: [Int]
  /// The number of elements, the product of `shape`.
  public let count: Int
  /// The values.
  public let storage: TensorStorage
  /// The tensor's place in a graph; `nil` when no gradient flows through it.
  let vertex: GraphVertex?

  /// Whether gradients can be taken with respect to this tensor or flow through it.
  public var requiresGradient: Bool { vertex != nil }

  init(shape: [Int], storage: TensorStorage, vertex: GraphVertex?) {
    precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in shape \(shape)")
    let count = shape.reduce(1, *)
    precondition(
      storage.count == count, "shape \(shape) needs \(count) values, storage has \(storage.count)")
    self.shape = shape
    self.count = count
    self.storage = storage
    self.vertex = vertex
  }

  /// A tensor that is a leaf of its own graph when `requiresGradient`, a constant otherwise.
  convenience init(shape: [Int], storage: TensorStorage, requiresGradient: Bool) {
    let vertex = requiresGradient ? GraphVertex(shape: shape, node: nil) : nil
    self.init(shape: shape, storage: storage, vertex: vertex)
  }

  /// Creates a tensor from row-major values.
  ///
  /// - Parameters:
  ///   - shape: The dimensions; their product must equal `values.count`.
  ///   - values: The elements in row-major order.
  ///   - requiresGradient: Whether this tensor is a leaf gradients can be taken for (a
  ///     parameter or an input differentiated against); defaults to `false`.
  public convenience init(shape: [Int], values: [Float], requiresGradient: Bool = false) {
    self.init(
      shape: shape, storage: TensorStorage(copying: values), requiresGradient: requiresGradient)
  }

  /// Creates a tensor with every element equal to `value`.
  public convenience init(shape: [Int], repeating value: Float, requiresGradient: Bool = false) {
    self.init(
      shape: shape, storage: TensorStorage(count: shape.reduce(1, *), repeating: value),
      requiresGradient: requiresGradient)
  }

  /// Creates a tensor filled with zeros.
  public convenience init(zeros shape: [Int], requiresGradient: Bool = false) {
    self.init(shape: shape, repeating: 0, requiresGradient: requiresGradient)
  }

  /// Creates a scalar (shape `[]`).
  public convenience init(scalar value: Float, requiresGradient: Bool = false) {
    self.init(shape: [], repeating: value, requiresGradient: requiresGradient)
  }

  /// Wraps an existing storage as a constant (no gradient) tensor.
  public convenience init(shape: [Int], storage: TensorStorage) {
    self.init(shape: shape, storage: storage, vertex: nil)
  }

  /// The number of dimensions.
  public var rank: Int { shape.count }

  /// A copy of the elements in row-major order.
  public var values: [Float] {
    Array(UnsafeBufferPointer(start: storage.pointer, count: count))
  }

  /// The single element of a one-element tensor (a loss, for example).
  public var scalarValue: Float {
    precondition(count == 1, "scalarValue of a tensor with shape \(shape)")
    return storage.pointer[0]
  }

  /// The same values without a graph: gradients do not flow through the result (stop-gradient).
  ///
  /// The storage is shared, not copied.
  ///
  /// - Parameter requiresGradient: `true` makes the result a new leaf that gradients can be
  ///   taken for, cut from whatever computed these values (the interpolated images of a
  ///   gradient penalty, for example); defaults to `false`.
  public func detached(requiresGradient: Bool = false) -> Tensor {
    Tensor(shape: shape, storage: storage, requiresGradient: requiresGradient)
  }

  /// Calls `body` with the elements; the pointer is valid only during the call.
  public func withUnsafeBufferPointer<Result>(
    _ body: (UnsafeBufferPointer<Float>) throws -> Result
  ) rethrows -> Result {
    try body(UnsafeBufferPointer(start: storage.pointer, count: count))
  }

  /// Calls `body` with writable elements, for optimizers updating parameters in place.
  ///
  /// Writing changes every tensor sharing this storage; do not write while a graph that
  /// read these values is still to be differentiated.
  public func withUnsafeMutableBufferPointer<Result>(
    _ body: (UnsafeMutableBufferPointer<Float>) throws -> Result
  ) rethrows -> Result {
    try body(UnsafeMutableBufferPointer(start: storage.pointer, count: count))
  }
}

/// Tensors cross threads freely: a tensor's shape, graph and the values of every computed
/// tensor never change after creation. Parameter values are written only by an optimizer
/// between computations, which the trainer orders with its own synchronization.
extension Tensor: @unchecked Sendable {}
