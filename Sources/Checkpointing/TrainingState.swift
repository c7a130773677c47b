/// Everything a run needs to continue exactly where it stopped, independent of world size.
///
/// The trainer fills it before saving and reads it back after loading; every rank holds the
/// whole state, because every rank holds full replicas of the networks and optimizers.
///
/// - `tensors`: every parameter of the networks under the reference implementation's dotted
///   names (`encoder.blocks.0.conv.weight`), and both Adam moments of every optimizer under
///   `momentName(optimizer:moment:parameter:)`, in the order the trainer lists them (the order
///   is kept through a save and a load).
/// - `scalars`: integer counters, such as each optimizer's step count under
///   `stepCountName(optimizer:)`.
/// - `globalStep`, `epoch`, `sampler`: where training stands.
/// - `configuration`: the effective settings of the run that saved the state.
public struct TrainingState: Sendable, Equatable {
  /// The float32 tensors, in a fixed order; names are unique.
  public var tensors: [NamedTensor]
  /// Integer counters by name.
  public var scalars: [String: Int]
  /// Optimizer iterations completed over the whole run.
  public var globalStep: Int
  /// The epoch in progress (0-based).
  public var epoch: Int
  /// Where the data sampler stands, so the next batch is the one that would have come next.
  public var sampler: SamplerPosition
  /// The effective configuration, flattened to dotted keys.
  public var configuration: [String: ConfigurationValue]

  /// A state; `tensors` must have unique names (checked when saving).
  public init(
    tensors: [NamedTensor], scalars: [String: Int], globalStep: Int, epoch: Int,
    sampler: SamplerPosition, configuration: [String: ConfigurationValue]
  ) {
    self.tensors = tensors
    self.scalars = scalars
    self.globalStep = globalStep
    self.epoch = epoch
    self.sampler = sampler
    self.configuration = configuration
  }

  /// The prefix of every optimizer tensor and counter; parameters never start with it.
  public static let optimizerPrefix = "optimizer."

  /// The name of one Adam moment of `parameter` in the optimizer called `optimizer`
  /// (`generator`, `image_critic`, `latent_critic`, `recognizer`), for example
  /// `optimizer.generator.exp_avg.encoder.blocks.0.conv.weight`.
  public static func momentName(optimizer: String, moment: AdamMoment, parameter: String)
    -> String
  {
    "\(optimizerPrefix)\(optimizer).\(moment.rawValue).\(parameter)"
  }

  /// The name of the step count of the optimizer called `optimizer`, for example
  /// `optimizer.generator.step`.
  public static func stepCountName(optimizer: String) -> String {
    "\(optimizerPrefix)\(optimizer).step"
  }

  /// Whether `name` is a network parameter rather than optimizer state.
  public static func isParameter(_ name: String) -> Bool { !name.hasPrefix(optimizerPrefix) }

  /// The tensor called `name`, or nil.
  public func tensor(_ name: String) -> NamedTensor? { tensors.first { $0.name == name } }

  /// The names and shapes of the tensors, in order.
  public var signatures: [TensorSignature] {
    tensors.map { TensorSignature(name: $0.name, shape: $0.shape) }
  }
}

/// One named float32 tensor of a `TrainingState`.
public struct NamedTensor: Sendable, Equatable {
  /// The dotted name (see `TrainingState`).
  public var name: String
  /// The dimensions, outermost first; `[]` is a scalar.
  public var shape: [Int]
  /// The row-major values; their count is the product of `shape`.
  public var values: [Float]

  /// A tensor; `values.count` must equal the product of `shape`.
  public init(name: String, shape: [Int], values: [Float]) {
    precondition(
      shape.allSatisfy { $0 >= 0 } && shape.reduce(1, *) == values.count,
      "tensor '\(name)': \(values.count) values do not fill shape \(shape)")
    self.name = name
    self.shape = shape
    self.values = values
  }

  /// The size of the values in bytes.
  public var byteCount: Int { values.count * MemoryLayout<Float>.size }

  /// Bitwise equality, so that a NaN equals itself and -0 differs from +0: a checkpoint must
  /// give back exactly the bits it was given.
  public static func == (left: NamedTensor, right: NamedTensor) -> Bool {
    left.name == right.name && left.shape == right.shape
      && left.values.elementsEqual(right.values) { $0.bitPattern == $1.bitPattern }
  }
}

/// A tensor's name and shape: what must agree between a checkpoint and the model loading it.
public struct TensorSignature: Sendable, Equatable, Hashable {
  /// The dotted name.
  public let name: String
  /// The dimensions, outermost first.
  public let shape: [Int]

  /// A signature.
  public init(name: String, shape: [Int]) {
    self.name = name
    self.shape = shape
  }
}

/// The two moment estimates Adam keeps per parameter, under PyTorch's names.
public enum AdamMoment: String, Sendable, CaseIterable {
  /// The running mean of gradients, m.
  case firstMoment = "exp_avg"
  /// The running mean of squared gradients, v.
  case secondMoment = "exp_avg_sq"
}

/// Where the data sampler stands: the epoch and the number of steps already taken in it.
public struct SamplerPosition: Sendable, Equatable, Codable {
  /// The epoch the sampler is in (0-based).
  public var epoch: Int
  /// Steps of that epoch already taken; the next batch is this one.
  public var stepInEpoch: Int

  /// A position.
  public init(epoch: Int, stepInEpoch: Int) {
    self.epoch = epoch
    self.stepInEpoch = stepInEpoch
  }

  enum CodingKeys: String, CodingKey {
    case epoch
    case stepInEpoch = "step_in_epoch"
  }
}
