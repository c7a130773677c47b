/// What a backward function is asked to do.
struct BackwardContext {
  /// Whether the gradients it returns must themselves be differentiable.
  let createGraph: Bool
  /// For each input of the node, whether its gradient is wanted; others may be returned `nil`.
  let needsGradient: [Bool]

  /// A tensor the backward function reads: itself when building a graph of the gradient, a
  /// detached view otherwise, so that first-order backward records no graph at all.
  func saved(_ tensor: Tensor) -> Tensor { createGraph ? tensor : tensor.detached() }

  /// Whether input `index` needs a gradient.
  func needs(_ index: Int) -> Bool { needsGradient[index] }
}

/// Maps the gradient of a node's output to the gradients of its inputs (`nil` = not needed or
/// zero). It is written with tensor operations, so with `createGraph` the result is itself
/// part of a graph and can be differentiated again.
typealias BackwardFunction = (_ outputGradient: Tensor, _ context: BackwardContext) -> [Tensor?]

/// A tensor's place in a graph: what computed it, apart from its values.
///
/// Graph nodes refer to their inputs through vertices, not tensors, so a graph keeps alive only
/// the values its backward functions read (captured in their closures); an intermediate that
/// only passes through (a convolution output feeding a max-feature-map, say) is freed as soon
/// as the code that computed it lets it go.
final class GraphVertex {
  /// The shape of the tensor, and so of its gradient.
  let shape: [Int]
  /// The operation that produced the tensor; `nil` for a leaf.
  let node: GraphNode?

  init(shape: [Int], node: GraphNode?) {
    self.shape = shape
    self.node = node
  }
}

/// The record of one operation: its inputs and how to differentiate it.
///
/// A node is owned by its output's vertex and owns its inputs' vertices, so a graph lives
/// exactly as long as the tensors computed from it. Backward functions must not capture the
/// output tensor (that would be a reference cycle); they capture its storage when they need
/// its values.
final class GraphNode {
  /// The inputs' vertices in the order the backward function returns gradients; `nil` for an
  /// input that requires no gradient.
  let inputs: [GraphVertex?]
  /// The operation's name, for diagnostics.
  let name: String
  /// The vector-Jacobian product of the operation.
  let backward: BackwardFunction

  init(name: String, inputs: [GraphVertex?], backward: @escaping BackwardFunction) {
    self.name = name
    self.inputs = inputs
    self.backward = backward
  }
}

extension Tensor {
  /// Wraps the result of an operation, recording a node only when some input requires a
  /// gradient (otherwise the backward closure and the tensors it captured are dropped at once).
  static func result(
    _ name: String, shape: [Int], storage: TensorStorage, inputs: [Tensor],
    backward: @escaping BackwardFunction
  ) -> Tensor {
    guard inputs.contains(where: { $0.requiresGradient }) else {
      return Tensor(shape: shape, storage: storage, vertex: nil)
    }
    let node = GraphNode(name: name, inputs: inputs.map(\.vertex), backward: backward)
    return Tensor(shape: shape, storage: storage, vertex: GraphVertex(shape: shape, node: node))
  }

  /// A new uninitialized storage sized for `shape`.
  static func storage(for shape: [Int]) -> TensorStorage {
    TensorStorage(uninitializedCount: shape.reduce(1, *))
  }
}
