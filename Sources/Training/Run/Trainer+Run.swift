import FaceData
import Foundation
import Model

/// How a run ended.
public struct TrainingOutcome {
  /// The global step reached.
  public let step: Int
  /// The final test accuracy of the recognizer (measured on rank 0; nil on other ranks).
  public let accuracy: Double?
  /// The run directory.
  public let directory: String
}

extension Trainer {
  /// Runs from the current position to the end: logs every `--log-every` steps, evaluates and
  /// checkpoints at their intervals and at the end. A collective.
  public func train() throws -> TrainingOutcome {
    try job.onRankZero { files = try RunFiles(options: options, resuming: !options.resume.isEmpty) }
    try resumeIfAsked()
    printConfiguration()
    var progress = ProgressLine()
    let startStep = globalStep
    let runStart = job.communicator.wallTime()
    let prefetcher = BatchPrefetcher(
      assembler: assembler, start: position(ofStep: min(globalStep, endStep - 1)),
      end: position(ofStep: endStep))
    defer { prefetcher.stop() }
    while globalStep < endStep {
      do {
        try runOneStep(prefetcher)
      } catch let failure as NumericalFailure {
        // The failing phase did not step, so every parameter is still finite; the phases
        // before it in this iteration did step, so the state lies inside the failed step.
        progress.finishLine()
        try saveCheckpoint()
        throw failure
      }
      let step = globalStep
      if step % options.logEvery == 0 || step == endStep {
        try logProgress(progress: &progress, runStart: runStart, startStep: startStep)
      }
      if options.evaluateEvery > 0 && step % options.evaluateEvery == 0 && step < endStep {
        progress.finishLine()
        try evaluate()
      }
      if options.checkpointEvery > 0 && step % options.checkpointEvery == 0 && step < endStep {
        progress.finishLine()
        try saveCheckpoint()
      }
    }
    progress.finishLine()
    try saveCheckpoint()
    let result = try evaluate()
    let directory = options.output
    job.console.info("run directory: \(directory)")
    job.console.info("  metrics:     \(directory)/metrics.jsonl")
    job.console.info("  curves:      \(directory)/curves.png")
    job.console.info("  checkpoints: \(directory)/checkpoints/ (newest: checkpoints/latest)")
    job.console.info("  evaluations: \(directory)/eval.jsonl and \(directory)/evaluations/")
    if let result {
      job.console.info(String(format: "final test accuracy: %.1f%%", result.accuracy * 100))
    }
    return TrainingOutcome(step: globalStep, accuracy: result?.accuracy, directory: directory)
  }

  /// The configuration block at the start of a run, on rank 0.
  func printConfiguration() {
    let communicator = job.communicator
    job.console.info(
      "disttrain train: \(communicator.size) rank(s), \(BLASThreads.count) OpenBLAS thread(s)"
        + " per rank, global batch \(options.batch) (\(options.batch / communicator.size) per rank)"
    )
    job.console.info(data.description)
    job.console.info(
      "\(stepsPerEpoch) steps per epoch; running steps \(globalStep)..<\(endStep)"
        + (options.mode == .joint
          ? ", stage 2 from step \(options.pretrainEpochs * stepsPerEpoch)" : ""))
    let counts = replica.model.groups.map { "\($0.name.rawValue) \($0.elementCount)" }
    job.console.info("parameters: " + counts.joined(separator: ", "))
    job.console.info("options:\n" + options.table)
  }
}
