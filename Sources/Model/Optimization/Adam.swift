import Foundation

/// The hyper-parameters of Adam.
public struct AdamHyperparameters: Equatable, Sendable {
  /// The step size (`lr`); 1e-4 in the method.
  public var learningRate: Float
  /// The decay of the first-moment average (`beta1`); 0.5 in the method.
  public var beta1: Float
  /// The decay of the second-moment average (`beta2`); 0.999 in the method.
  public var beta2: Float
  /// Added to the bias-corrected root of the second moment (`eps`); 1e-8 in the method.
  public var epsilon: Float

  /// The method's setting by default: 1e-4, (0.5, 0.999), 1e-8.
  public init(
    learningRate: Float = 1e-4, beta1: Float = 0.5, beta2: Float = 0.999, epsilon: Float = 1e-8
  ) {
    self.learningRate = learningRate
    self.beta1 = beta1
    self.beta2 = beta2
    self.epsilon = epsilon
  }
}

/// The running state of Adam for one parameter group, laid out flat: the group's tensors
/// concatenated in their fixed order. Checkpoints save and restore it as is.
public struct AdamState: Equatable, Sendable {
  /// The first-moment average `m`, one value per parameter element.
  public var firstMoment: [Float]
  /// The second-moment average `v`, one value per parameter element.
  public var secondMoment: [Float]
  /// The number of steps taken; the bias corrections depend on it.
  public var step: Int

  /// The state before the first step: zero moments, step 0.
  public init(parameterCount: Int) {
    self.init(
      firstMoment: Array(repeating: 0, count: parameterCount),
      secondMoment: Array(repeating: 0, count: parameterCount), step: 0)
  }

  /// A restored state; both moments must have the same length.
  public init(firstMoment: [Float], secondMoment: [Float], step: Int) {
    precondition(firstMoment.count == secondMoment.count, "Adam moments differ in length")
    precondition(step >= 0, "negative Adam step count \(step)")
    self.firstMoment = firstMoment
    self.secondMoment = secondMoment
    self.step = step
  }

  /// The number of parameter elements the state covers.
  public var parameterCount: Int { firstMoment.count }
}

/// Adam as PyTorch computes it (`torch.optim.Adam`, no weight decay, no amsgrad):
///
///     m = beta1 m + (1 - beta1) g
///     v = beta2 v + (1 - beta2) g^2
///     p -= lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
///
/// so `eps` is added after the bias correction of `sqrt(v)`, which matters while `v` is small.
public struct Adam: Sendable {
  /// The hyper-parameters; they may change between steps.
  public var hyperparameters: AdamHyperparameters
  /// The moments and step count.
  public var state: AdamState

  /// An optimizer for `parameterCount` elements, starting from zero moments.
  public init(parameterCount: Int, hyperparameters: AdamHyperparameters = AdamHyperparameters()) {
    self.hyperparameters = hyperparameters
    self.state = AdamState(parameterCount: parameterCount)
  }

  /// An optimizer resuming from `state`.
  public init(state: AdamState, hyperparameters: AdamHyperparameters) {
    self.hyperparameters = hyperparameters
    self.state = state
  }

  /// Takes one step on a flat parameter buffer with its flat gradient.
  ///
  /// - Parameters:
  ///   - parameters: `state.parameterCount` values, updated in place.
  ///   - gradients: the same number of values.
  public mutating func step(
    parameters: UnsafeMutableBufferPointer<Float>, gradients: UnsafeBufferPointer<Float>
  ) {
    precondition(
      parameters.count == state.parameterCount && gradients.count == state.parameterCount,
      "Adam over \(state.parameterCount) values got \(parameters.count) parameters and "
        + "\(gradients.count) gradients")
    let corrections = beginStep()
    update(parameters, gradients, offset: 0, corrections)
  }

  /// Takes one step on a group of tensors, which together are laid out flat in the state in
  /// the order given.
  ///
  /// - Parameters:
  ///   - parameters: the group's parameter tensors, updated in place.
  ///   - gradients: one gradient per parameter, of the same shape.
  public mutating func step(parameters: [Tensor], gradients: [Tensor]) {
    precondition(parameters.count == gradients.count, "one gradient per parameter")
    for (parameter, gradient) in zip(parameters, gradients) {
      precondition(parameter.shape == gradient.shape, "gradient shape differs from parameter")
    }
    step(parameters: parameters) { index, update in
      gradients[index].withUnsafeBufferPointer(update)
    }
  }

  /// Takes one step on a group of tensors whose gradients live elsewhere, such as in the
  /// buffers gradients were averaged in across processes.
  ///
  /// - Parameters:
  ///   - parameters: the group's parameter tensors, updated in place.
  ///   - gradient: calls its second argument with the gradient of parameter `index`, as many
  ///     values as the parameter has.
  public mutating func step(
    parameters: [Tensor],
    gradient: (_ index: Int, _ update: (UnsafeBufferPointer<Float>) -> Void) -> Void
  ) {
    let total = parameters.reduce(0) { $0 + $1.count }
    precondition(
      total == state.parameterCount,
      "Adam over \(state.parameterCount) values got parameters of \(total)")
    let corrections = beginStep()
    var offset = 0
    for (index, parameter) in parameters.enumerated() {
      parameter.withUnsafeMutableBufferPointer { values in
        gradient(index) { gradientValues in
          precondition(gradientValues.count == values.count, "gradient size differs from parameter")
          update(values, gradientValues, offset: offset, corrections)
        }
      }
      offset += parameter.count
    }
  }

  /// Takes one step on a group of tensors with their gradients laid out flat in the same
  /// order, as after a reduction of the flat gradient buffer across processes.
  ///
  /// - Parameters:
  ///   - parameters: the group's parameter tensors, updated in place.
  ///   - flatGradients: `state.parameterCount` values, the gradients concatenated in order.
  public mutating func step(parameters: [Tensor], flatGradients: UnsafeBufferPointer<Float>) {
    precondition(
      flatGradients.count == state.parameterCount,
      "Adam over \(state.parameterCount) values got \(flatGradients.count) gradients")
    var offsets = [0]
    for parameter in parameters { offsets.append(offsets.last! + parameter.count) }
    step(parameters: parameters) { index, update in
      update(UnsafeBufferPointer(rebasing: flatGradients[offsets[index]..<offsets[index + 1]]))
    }
  }

  /// The step size and the root of the second bias correction for the step about to be taken,
  /// computed in double precision as PyTorch does for its Python-float scalars.
  private mutating func beginStep() -> (stepSize: Float, secondRoot: Float) {
    state.step += 1
    let t = Double(state.step)
    let firstCorrection = 1 - pow(Double(hyperparameters.beta1), t)
    let secondCorrection = 1 - pow(Double(hyperparameters.beta2), t)
    return (
      Float(Double(hyperparameters.learningRate) / firstCorrection),
      Float(secondCorrection.squareRoot())
    )
  }

  /// Updates the moments at `offset...` and the matching parameters.
  private mutating func update(
    _ parameters: UnsafeMutableBufferPointer<Float>, _ gradients: UnsafeBufferPointer<Float>,
    offset: Int, _ corrections: (stepSize: Float, secondRoot: Float)
  ) {
    let beta1 = hyperparameters.beta1
    let beta2 = hyperparameters.beta2
    let epsilon = hyperparameters.epsilon
    state.firstMoment.withUnsafeMutableBufferPointer { m in
      state.secondMoment.withUnsafeMutableBufferPointer { v in
        for index in 0..<parameters.count {
          let g = gradients[index]
          let k = offset + index
          m[k] += (g - m[k]) * (1 - beta1)
          v[k] = v[k] * beta2 + (1 - beta2) * g * g
          let denominator = v[k].squareRoot() / corrections.secondRoot + epsilon
          parameters[index] -= corrections.stepSize * m[k] / denominator
        }
      }
    }
  }
}
