import Foundation
import Model

extension Trainer {
  /// Evaluates on rank 0 (the other ranks wait in their next collective): appends a record to
  /// `eval.jsonl`, writes the grid of generated faces, and prints a summary. A collective.
  @discardableResult
  func evaluate() throws -> EvaluationResult? {
    var outcome: EvaluationResult?
    try job.onRankZero {
      let evaluator = Evaluator(model: replica.model, test: data.test)
      let result = evaluator.evaluate(step: globalStep, includesSynthesis: options.mode == .joint)
      try record(result)
      let pictures = RunPictures(files: files!)
      try pictures.drawConfusion(result, expressions: data.expressions, stepName: stepName)
      try pictures.drawCurves()
      if options.mode == .joint {
        try evaluator.grid(seed: UInt64(options.seed)).writePNG(
          toFile: files!.path("evaluations/faces-\(stepName).png"))
      }
      outcome = result
    }
    return outcome
  }

  /// The current step as it appears in file names.
  var stepName: String { paddedStep(globalStep) }

  private func record(_ result: EvaluationResult) throws {
    let names = data.expressions.names
    var fields: [(String, JSONValue)] = [
      ("step", .integer(result.step)), ("epoch", .integer(position.epoch)),
      ("accuracy", .number(result.accuracy)),
      (
        "per_class_accuracy",
        .object(zip(names, result.perClassAccuracy).map { ($0, .number($1 ?? .nan)) })
      ),
      ("classes", .array(names.map(JSONValue.text))),
      ("confusion", .array(result.confusion.map { .array($0.map(JSONValue.integer)) })),
    ]
    if let synthesis = result.synthesisAccuracy, let reconstruction = result.reconstructionError {
      fields += [
        ("synthesis_accuracy", .number(synthesis)),
        ("reconstruction_l1", .number(reconstruction)),
      ]
    }
    try files?.evaluations.append(fields)
    var line =
      "evaluation at step \(result.step): test accuracy "
      + String(format: "%.1f%%", result.accuracy * 100)
    if let synthesis = result.synthesisAccuracy, let reconstruction = result.reconstructionError {
      line += String(
        format: ", synthesis accuracy %.1f%%, reconstruction L1 %.4f", synthesis * 100,
        reconstruction)
    }
    job.console.info(line)
  }
}
