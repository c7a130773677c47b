import Collective
import FaceData
import Foundation
import Model

/// Runs the method on this rank: stage 1 pre-training, then stage 2 joint learning (or the
/// recognizer-only baseline), with periodic logging, evaluation and checkpoints.
///
/// Every rank constructs a trainer with the same options; the ranks then run the same steps,
/// each on its share of every global batch, and stay identical through averaged gradients.
public final class Trainer {
  public let options: TrainingOptions
  public let job: Job
  public let data: TrainingDataSets
  let replica: Replica
  let assembler: BatchAssembler
  /// Steps in one pass over the training set.
  public let stepsPerEpoch: Int
  /// The step the run ends before: all epochs, or `--max-steps` when smaller.
  public let endStep: Int
  /// The next iteration to run.
  public internal(set) var position = TrainingPosition(epoch: 0, step: 0)
  /// The latest loss of each phase, for logs.
  var latestLosses: PhaseLosses = [:]
  var timing = StepTiming()
  /// Rank 0's files in the run directory; nil on other ranks.
  var files: RunFiles?

  /// Sets up a run: checks the options, loads the data, builds the networks (identical on
  /// every rank) and, on rank 0, prepares the run directory. A collective.
  ///
  /// - Parameter data: the data sets, when the caller loaded them already (tests).
  public init(options: TrainingOptions, job: Job, data: TrainingDataSets? = nil) throws {
    let communicator = job.communicator
    try options.validate(worldSize: communicator.size)
    self.options = options
    self.job = job
    self.data = try data ?? TrainingDataSets.load(options)
    let trainingCount = self.data.training.count
    guard trainingCount >= options.batch else {
      throw UsageError(
        "the training set has \(trainingCount) images, fewer than one global batch of"
          + " \(options.batch); lower --batch or add data")
    }
    let sampler = try DistributedSampler(
      sampleCount: trainingCount, globalBatchSize: options.batch, worldSize: communicator.size,
      rank: communicator.rank, seed: UInt64(options.seed))
    assembler = try BatchAssembler(
      source: self.data.training, sampler: sampler, seed: UInt64(options.seed),
      latentDimension: options.latent)
    stepsPerEpoch = sampler.stepsPerEpoch
    let allSteps = options.epochs * stepsPerEpoch
    endStep = options.maxSteps > 0 ? min(allSteps, options.maxSteps) : allSteps
    let configuration = options.modelConfiguration(classes: self.data.expressions.count)
    replica = try Replica(
      configuration: configuration, options: options, communicator: communicator)
  }

  /// The global step of `position`.
  public var globalStep: Int { position.epoch * stepsPerEpoch + position.step }

  /// The networks (identical on every rank).
  public var model: FESGANModel { replica.model }

  /// Whether the iteration at `position` belongs to stage 2.
  var isJointStage: Bool { options.mode == .joint && position.epoch >= options.pretrainEpochs }

  /// Runs `count` iterations (fewer at the end of the run), calling `afterEach` with the global
  /// step just finished. Logs, evaluations and checkpoints are left to `train`.
  public func runSteps(_ count: Int, afterEach: (Int) throws -> Void = { _ in }) throws {
    let stop = min(endStep, globalStep + count)
    let prefetcher = BatchPrefetcher(
      assembler: assembler, start: position, end: position(ofStep: stop))
    defer { prefetcher.stop() }
    while globalStep < stop {
      try runOneStep(prefetcher)
      try afterEach(globalStep - 1)
    }
  }

  /// Takes the next batch and runs one iteration on it.
  func runOneStep(_ prefetcher: BatchPrefetcher) throws {
    let waitStart = job.communicator.wallTime()
    guard let batch = prefetcher.next() else {
      preconditionFailure("the prefetcher ended before step \(globalStep)")
    }
    let computeStart = job.communicator.wallTime()
    timing.dataWait += computeStart - waitStart
    let modelBatch = batch.modelBatch(
      featureSize: replica.model.recognizer.featureSize, dropout: options.dropout,
      seed: UInt64(options.seed))
    let step = globalStep
    let losses = try iterate(
      modelBatch, step: step, joint: isJointStage,
      updatesGenerator: step % options.criticIterations == options.criticIterations - 1)
    latestLosses.merge(losses) { $1 }
    timing.steps += 1
    timing.iteration += job.communicator.wallTime() - computeStart
    position = position.advanced(stepsPerEpoch: stepsPerEpoch)
  }

  /// The position of global step `step`.
  func position(ofStep step: Int) -> TrainingPosition {
    TrainingPosition(epoch: step / stepsPerEpoch, step: step % stepsPerEpoch)
  }
}

/// Where the time of the steps since the last log went, on this rank.
struct StepTiming {
  var steps = 0
  /// Seconds in iterations: computation and the communication backward did not hide.
  var iteration = 0.0
  /// Seconds waiting for the next batch.
  var dataWait = 0.0
}
