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

/// The record of one operation: its inputs and how to differentiate it.
///
/// A node is owned by its output tensor and owns its inputs, so a graph lives exactly as long
/// as the tensors computed from it. Backward functions must not capture the output tensor
/// (that would be a reference cycle); they capture its storage when they need its values.
final class GraphNode {
  /// The tensors the operation read, in the order the backward function returns gradients.
  let inputs: [Tensor]
  /// The operation's name, for diagnostics.
  let name: String
  /// The vector-Jacobian product of the operation.
  let backward: BackwardFunction

  init(name: String, inputs: [Tensor], backward: @escaping BackwardFunction) {
    self.name = name
    self.inputs = inputs
    self.backward = backward
  }
}

extension Tensor {
  /// Wraps the result of an operation, recording a node only when some input requires a
  /// gradient (otherwise the backward closure and the inputs it keeps are dropped at once).
  static func result(
    _ name: String, shape: [Int], storage: TensorStorage, inputs: [Tensor],
    backward: @escaping BackwardFunction
  ) -> Tensor {
    guard inputs.contains(where: { $0.requiresGradient }) else {
      return Tensor(shape: shape, storage: storage, node: nil, requiresGradient: false)
    }
    let node = GraphNode(name: name, inputs: inputs, backward: backward)
    return Tensor(shape: shape, storage: storage, node: node, requiresGradient: true)
  }

  /// A new uninitialized storage sized for `shape`.
  static func storage(for shape: [Int]) -> TensorStorage {
    TensorStorage(uninitializedCount: shape.reduce(1, *))
  }
}
