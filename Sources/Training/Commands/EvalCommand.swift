import Checkpointing
import FaceData
import Foundation
import Model

/// `disttrain eval`: evaluates a saved model as training does, on held-out real images.
enum EvalCommand: Command {
  static let name = "eval"
  static let summary = "evaluate a checkpoint: test accuracy, confusion matrix, generated faces"
  static let help = """
    usage: disttrain eval --checkpoint CHECKPOINT_DIR [--data SOURCE] [--out DIR]

    Loads the checkpoint (the networks and the options they were trained with), and measures
    the recognizer on the held-out test images of the run's data (or of --data: synth,
    folder:PATH or fer2013:PATH, with the run's image size and channels): accuracy, per-class
    accuracy and the confusion matrix; for a joint run also the recognizer's accuracy on
    translated faces and the reconstruction error. Writes confusion-STEP.png and, for a joint
    run, faces-STEP.png into --out (default: the run's evaluations/ folder).

    example: disttrain eval --checkpoint runs/demo/checkpoints/step-00001440
    """

  static func run(_ arguments: inout Arguments, job: Job) throws {
    guard let path = try arguments.option("--checkpoint") else {
      throw UsageError("disttrain eval: --checkpoint CHECKPOINT_DIR is required")
    }
    let data = try arguments.option("--data")
    let checkpoint = URL(fileURLWithPath: path, isDirectory: true)
    let output =
      try arguments.option("--out")
      ?? checkpoint.deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("evaluations").path
    try arguments.finish()
    try job.onRankZero {
      let state = try Checkpoint.load(directory: checkpoint, communicator: job.communicator).state
      var options = try TrainingOptions(checkpointConfiguration: state.configuration, source: path)
      if let data { options.data = data }
      let sets = try TrainingDataSets.load(options)
      let model = FESGANModel(
        configuration: options.modelConfiguration(classes: sets.expressions.count),
        seed: UInt64(options.seed))
      try model.assign(state, source: path)
      let evaluator = Evaluator(model: model, test: sets.test)
      let result = evaluator.evaluate(
        step: state.globalStep, includesSynthesis: options.mode == .joint)
      report(result, expressions: sets.expressions, job.console)
      try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
      let step = paddedStep(state.globalStep)
      try RunPictures.drawConfusion(
        result, expressions: sets.expressions,
        path: (output as NSString).appendingPathComponent("confusion-\(step).png"))
      if options.mode == .joint {
        try evaluator.grid(seed: UInt64(options.seed)).writePNG(
          toFile: (output as NSString).appendingPathComponent("faces-\(step).png"))
      }
      job.console.info("pictures in \(output)")
    }
  }

  private static func report(
    _ result: EvaluationResult, expressions: ExpressionSet, _ console: Console
  ) {
    console.info(
      String(format: "test accuracy %.1f%% at step %d", result.accuracy * 100, result.step))
    for (name, accuracy) in zip(expressions.names, result.perClassAccuracy) {
      console.info(
        "  " + name.padding(toLength: 11, withPad: " ", startingAt: 0)
          + (accuracy.map { String(format: "%5.1f%%", $0 * 100) } ?? "  no images"))
    }
    console.info("confusion (rows true, columns predicted):")
    for (name, row) in zip(expressions.names, result.confusion) {
      console.info(
        "  " + name.padding(toLength: 11, withPad: " ", startingAt: 0)
          + row.map { String(format: "%5d", $0) }.joined())
    }
    if let synthesis = result.synthesisAccuracy, let reconstruction = result.reconstructionError {
      console.info(
        String(
          format: "synthesis accuracy %.1f%%, reconstruction L1 %.4f", synthesis * 100,
          reconstruction))
    }
  }
}

extension TrainingOptions {
  /// The options a checkpoint was saved with.
  init(checkpointConfiguration values: [String: ConfigurationValue], source: String) throws {
    self = TrainingOptions()
    for field in OptionTable.fields {
      guard let value = values[field.key] else { continue }
      let text: String
      switch value {
      case .text(let string): text = string
      default: text = value.description
      }
      guard field.write(&self, text) else {
        throw UsageError("\(source): option \(field.key) is '\(text)', expected \(field.expected)")
      }
    }
  }
}
