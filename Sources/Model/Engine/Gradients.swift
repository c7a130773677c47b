/// Computes the gradients of a scalar with respect to chosen tensors by reverse-mode
/// differentiation of the graph that produced it (the analogue of
/// `torch.autograd.grad(loss, targets)`).
///
/// Only the part of the graph that lies between `loss` and the targets is differentiated:
/// other parameters receive nothing, and an operation skips the gradients of inputs that lead
/// to no target (a convolution whose weight is not a target never forms its weight gradient).
/// The graph is kept, so the same forward computation can be differentiated again for another
/// group of tensors.
///
/// - Parameters:
///   - loss: A one-element tensor.
///   - targets: The tensors to differentiate with respect to: parameters, inputs, or
///     intermediate results of the graph.
///   - createGraph: When `true`, the returned gradients are themselves differentiable
///     functions of the graph's tensors (for penalties on gradients, such as WGAN-GP).
///   - onGradientReady: Called once per target, as soon as its gradient is final (every
///     contribution accumulated), with the target's index in `targets` and the gradient,
///     while the rest of the backward pass continues. Called on the calling thread.
/// - Returns: One gradient per target, shaped like it; zeros for a target `loss` does not
///   depend on. Without `createGraph`, each returned gradient owns its storage, shared with
///   nothing else, so callers may reduce it in place (even inside `onGradientReady`).
public func gradients(
  of loss: Tensor, withRespectTo targets: [Tensor], createGraph: Bool = false,
  onGradientReady: ((Int, Tensor) -> Void)? = nil
) -> [Tensor] {
  precondition(loss.count == 1, "gradients(of:) needs a one-element loss, got shape \(loss.shape)")
  var pass = BackwardPass(loss: loss, targets: targets, createGraph: createGraph)
  pass.onGradientReady = onGradientReady
  pass.run(seed: Tensor(shape: loss.shape, repeating: 1))
  return pass.results()
}

/// The state of one backward pass: the relevant subgraph in topological order and the
/// gradients accumulated so far. It is local to one call, which keeps concurrent passes on
/// different threads independent.
struct BackwardPass {
  private let createGraph: Bool
  private let targets: [Tensor]
  /// Target positions per vertex (a tensor may be listed more than once).
  private var targetIndices: [ObjectIdentifier: [Int]] = [:]
  /// Every vertex reachable from the loss, each after all the vertices it was computed from.
  private var order: [GraphVertex] = []
  /// Vertices that are targets or lie on a path from the loss to one.
  private var relevant: Set<ObjectIdentifier> = []
  /// Contributions still to arrive per relevant vertex.
  private var pending: [ObjectIdentifier: Int] = [:]
  /// The gradient summed so far per vertex, and whether this pass allocated its storage (and
  /// may therefore add to it in place).
  private var accumulated: [ObjectIdentifier: (gradient: Tensor, owned: Bool)] = [:]
  private var finished: [Int: Tensor] = [:]
  var onGradientReady: ((Int, Tensor) -> Void)?

  init(loss: Tensor, targets: [Tensor], createGraph: Bool) {
    self.createGraph = createGraph
    self.targets = targets
    for (index, target) in targets.enumerated() {
      guard let vertex = target.vertex else { continue }
      targetIndices[ObjectIdentifier(vertex), default: []].append(index)
    }
    if let root = loss.vertex { order = Self.topologicalOrder(from: root) }
    markRelevant()
  }

  /// Depth-first post-order without recursion, so deep graphs cannot exhaust the stack.
  private static func topologicalOrder(from root: GraphVertex) -> [GraphVertex] {
    var order: [GraphVertex] = []
    var visited: Set<ObjectIdentifier> = [ObjectIdentifier(root)]
    var stack: [(vertex: GraphVertex, nextInput: Int)] = [(root, 0)]
    while let (vertex, nextInput) = stack.last {
      if let node = vertex.node, nextInput < node.inputs.count {
        stack[stack.count - 1].nextInput += 1
        if let input = node.inputs[nextInput], visited.insert(ObjectIdentifier(input)).inserted {
          stack.append((input, 0))
        }
      } else {
        stack.removeLast()
        order.append(vertex)
      }
    }
    return order
  }

  private func isRelevant(_ vertex: GraphVertex?) -> Bool {
    vertex.map { relevant.contains(ObjectIdentifier($0)) } ?? false
  }

  private mutating func markRelevant() {
    for vertex in order {
      let leadsToTarget = vertex.node?.inputs.contains { isRelevant($0) } ?? false
      if targetIndices[ObjectIdentifier(vertex)] != nil || leadsToTarget {
        relevant.insert(ObjectIdentifier(vertex))
      }
    }
    for vertex in order where isRelevant(vertex) {
      for case let input? in vertex.node?.inputs ?? [] where isRelevant(input) {
        pending[ObjectIdentifier(input), default: 0] += 1
      }
    }
  }

  /// Walks the graph from the loss back to the targets.
  mutating func run(seed: Tensor) {
    guard let loss = order.last, isRelevant(loss) else { return }
    accumulated[ObjectIdentifier(loss)] = (seed, false)
    finishIfTarget(loss)
    for vertex in order.reversed() where isRelevant(vertex) {
      let gradient = accumulated.removeValue(forKey: ObjectIdentifier(vertex))?.gradient
      guard let node = vertex.node else { continue }
      let needs = node.inputs.map { isRelevant($0) }
      guard needs.contains(true) else { continue }
      var inputGradients = [Tensor?](repeating: nil, count: node.inputs.count)
      if let gradient {
        let context = BackwardContext(createGraph: createGraph, needsGradient: needs)
        inputGradients = node.backward(gradient, context)
        precondition(inputGradients.count == node.inputs.count, "\(node.name) backward arity")
      }
      for (index, input) in node.inputs.enumerated() where needs[index] {
        guard let input else { continue }
        if let inputGradient = inputGradients[index] {
          precondition(
            inputGradient.shape == input.shape,
            "\(node.name) backward gave \(inputGradient.shape) for an input of \(input.shape)")
          accumulate(inputGradient, into: input)
        }
        pending[ObjectIdentifier(input)]! -= 1
        if pending[ObjectIdentifier(input)] == 0 { finishIfTarget(input) }
      }
    }
  }

  private mutating func accumulate(_ gradient: Tensor, into vertex: GraphVertex) {
    let key = ObjectIdentifier(vertex)
    guard let (sum, owned) = accumulated[key] else {
      accumulated[key] = (gradient, false)
      return
    }
    if owned && !createGraph {
      addInPlace(gradient, to: sum)
    } else {
      accumulated[key] = (sum + gradient, true)
    }
  }

  /// Hands out the final gradient of `vertex` if it is a target. Without a graph, a caller
  /// may reduce a returned gradient in place while this pass continues, so a gradient is handed
  /// out in a storage of its own: one this pass allocated for a leaf (which nothing downstream
  /// reads), else a copy, because operations such as addition pass their gradient on to
  /// several inputs without copying it.
  private mutating func finishIfTarget(_ vertex: GraphVertex) {
    guard let indices = targetIndices[ObjectIdentifier(vertex)] else { return }
    let entry = accumulated[ObjectIdentifier(vertex)]
    var exclusive = entry?.owned == true && vertex.node == nil
    for index in indices {
      var gradient = entry?.gradient ?? Tensor(zeros: vertex.shape)
      if entry != nil && !createGraph && !exclusive { gradient = gradient.copied() }
      exclusive = false
      finished[index] = gradient
      onGradientReady?(index, gradient)
    }
  }

  /// The finished gradients in target order; targets the loss does not reach get zeros.
  mutating func results() -> [Tensor] {
    for (index, target) in targets.enumerated() where finished[index] == nil {
      let zeros = Tensor(zeros: target.shape)
      finished[index] = zeros
      onGradientReady?(index, zeros)
    }
    return targets.indices.map { finished[$0]! }
  }
}

/// Adds `source` into `destination`'s storage element by element.
private func addInPlace(_ source: Tensor, to destination: Tensor) {
  let count = destination.count
  let target = destination.storage.pointer
  let values = source.storage.pointer
  for index in 0..<count { target[index] += values[index] }
}

extension Tensor {
  /// A constant copy of the values in a new storage.
  public func copied() -> Tensor {
    let copy = TensorStorage(uninitializedCount: count)
    copy.pointer.update(from: storage.pointer, count: count)
    return Tensor(shape: shape, storage: copy)
  }
}
