import Collective
import Model

/// The phases of an iteration, named as the parameter groups they update.
typealias PhaseLosses = [ParameterGroupName: Float]

/// A phase produced a loss or gradient that is not finite; every rank stops together.
public struct NumericalFailure: Error, CustomStringConvertible, CollectiveFailure {
  /// The phase whose loss or gradient was not finite.
  public let phase: ParameterGroupName
  /// The global step of the iteration.
  public let step: Int

  public var description: String {
    "the \(phase.rawValue) phase at step \(step) produced a non-finite loss or gradient on at"
      + " least one rank; lower its learning rate (--lr-...) or resume from an earlier checkpoint"
  }

  /// All ranks agree on the failure before raising it.
  public var isRaisedOnEveryRank: Bool { true }
}

extension Trainer {
  /// One iteration on this rank's share of the global batch, phase by phase in the method's
  /// order. Each phase averages its gradients across ranks before its Adam step.
  ///
  /// - Parameters:
  ///   - joint: stage 2: the recognizer trains and its loss reaches the generator.
  ///   - updatesGenerator: this is an n_critic-th iteration.
  func iterate(_ batch: FESGANBatch, step: Int, joint: Bool, updatesGenerator: Bool) throws
    -> PhaseLosses
  {
    let model = replica.model
    var losses: PhaseLosses = [:]
    func phase(_ group: ParameterGroupName, _ loss: Tensor) throws {
      losses[group] = loss.scalarValue
      guard try replica.step(group, loss: loss) else {
        throw NumericalFailure(phase: group, step: step)
      }
    }

    if options.mode == .baseline {
      // The recognizer alone, on real images.
      try phase(.recognizer, model.recognizerBaselineLoss(batch))
      return losses
    }

    // Synthesis with the generator as it stands; every phase below uses these outputs.
    let synthesis = model.synthesize(batch)

    // Latent critic: prior codes against encoded ones.
    try phase(.latentCritic, model.latentCriticLoss(batch, synthesis))

    // Image critic: Wasserstein terms, gradient penalty, classification of real faces.
    try phase(.imageCritic, model.imageCriticLoss(batch, synthesis))

    guard updatesGenerator else { return losses }

    // Recognizer, in stage 2: real and invented faces, intra-class loss with RDBP.
    if joint { try phase(.recognizer, model.recognizerLoss(batch, synthesis)) }

    // Generator, against the critics and the recognizer just updated.
    try phase(.generator, model.generatorLoss(batch, synthesis, joint: joint))
    return losses
  }
}

extension FESGANModel {
  /// The baseline's loss: CE(R(x), y) on real images only, no synthesis.
  func recognizerBaselineLoss(_ batch: FESGANBatch) -> Tensor {
    let logits = recognizer(gray01(batch.images), dropoutKeep: batch.recognizerDropout?.real).logits
    return softmaxCrossEntropy(logits: logits, labels: batch.labels)
  }
}
