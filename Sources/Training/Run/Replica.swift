import Collective
import Foundation
import Model

/// This rank's copy of everything that learns: the networks, one Adam optimizer and one
/// gradient synchronizer per parameter group.
///
/// Replicas stay identical across ranks because they start from rank 0's parameters and every
/// step applies the same averaged gradients.
final class Replica {
  let model: FESGANModel
  let communicator: any Communicator
  private(set) var optimizers: [ParameterGroupName: Adam] = [:]
  private var synchronizers: [ParameterGroupName: GradientSynchronizer] = [:]
  private var groups: [ParameterGroupName: ParameterGroup] = [:]

  /// Builds the networks, loads the identity weights, copies rank 0's parameters to every rank
  /// and checks that all ranks hold the same layout. A collective.
  init(
    configuration: FESGANConfiguration, options: TrainingOptions, communicator: any Communicator
  ) throws {
    model = FESGANModel(configuration: configuration, seed: UInt64(options.seed))
    self.communicator = communicator
    if !options.identityWeights.isEmpty {
      let file = try SafeTensorsFile(contentsOf: URL(fileURLWithPath: options.identityWeights))
      try model.load(from: file) { $0.hasPrefix("identity.") }
    }
    if !options.recognizerWeights.isEmpty {
      let file = try SafeTensorsFile(contentsOf: URL(fileURLWithPath: options.recognizerWeights))
      try model.load(from: file) { $0.hasPrefix("recognizer.trunk.") }
    }
    for parameter in model.namedParameters {
      try parameter.tensor.withUnsafeMutableBufferPointer {
        try communicator.broadcast(UnsafeMutableRawBufferPointer($0), root: 0)
      }
    }
    let rates: [ParameterGroupName: Float] = [
      .generator: options.learningRateGenerator, .imageCritic: options.learningRateImageCritic,
      .latentCritic: options.learningRateLatentCritic,
      .recognizer: options.learningRateRecognizer,
    ]
    for group in model.groups {
      groups[group.name] = group
      optimizers[group.name] = Adam(
        parameterCount: group.elementCount,
        hyperparameters: AdamHyperparameters(
          learningRate: rates[group.name]!, beta1: options.beta1, beta2: options.beta2))
      synchronizers[group.name] = try GradientSynchronizer(
        communicator: communicator,
        layout: group.parameters.map { ParameterLayout(name: $0.name, shape: $0.tensor.shape) })
    }
  }

  /// The parameters `group` optimizes.
  func parameters(of group: ParameterGroupName) -> [Tensor] { groups[group]!.tensors }

  /// Seconds of communication in all phases since the last call, and the part of it that
  /// backward did not hide.
  func takeCommunicationSeconds() -> (total: Double, exposed: Double) {
    var total = 0.0
    var exposed = 0.0
    for synchronizer in synchronizers.values {
      total += synchronizer.communicationSeconds
      exposed += synchronizer.exposedCommunicationSeconds
      synchronizer.communicationSeconds = 0
      synchronizer.exposedCommunicationSeconds = 0
    }
    return (total, exposed)
  }

  /// Differentiates `loss` for `group`, averages the gradients across ranks while backward
  /// runs, and takes the group's Adam step. A collective.
  ///
  /// - Returns: false, without stepping, when the loss or the averaged gradients are not
  ///   finite on some rank; every rank then returns false together.
  func step(_ group: ParameterGroupName, loss: Tensor) throws -> Bool {
    let parameters = groups[group]!.tensors
    let synchronizer = synchronizers[group]!
    var failure: Error?
    _ = gradients(of: loss, withRespectTo: parameters) { index, gradient in
      guard failure == nil else { return }
      do {
        try gradient.withUnsafeBufferPointer { try synchronizer.gradientReady(index, $0) }
      } catch {
        failure = error
      }
    }
    if let failure { throw failure }
    try synchronizer.finish()
    let finite =
      loss.scalarValue.isFinite
      && parameters.indices.allSatisfy { synchronizer.gradient($0).allSatisfy(\.isFinite) }
    guard try communicator.allAgree(finite) else { return false }
    optimizers[group]!.step(parameters: parameters) { index, update in
      update(UnsafeBufferPointer(synchronizer.gradient(index)))
    }
    return true
  }

  /// Replaces the optimizer state of `group`, when resuming.
  func restore(_ state: AdamState, of group: ParameterGroupName) {
    optimizers[group]!.state = state
  }
}
