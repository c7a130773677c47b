import FaceData
import Foundation
import Plotting

/// The pictures of a run, drawn on rank 0 from its own records, so they cover the whole run
/// across resumes: `curves.png` (losses, throughput and test accuracy over steps) and a
/// confusion matrix per evaluation.
struct RunPictures {
  let files: RunFiles

  /// Redraws `curves.png` from `metrics.jsonl` and `eval.jsonl`.
  func drawCurves() throws {
    let metrics = try readRecords(files.metrics.path)
    let evaluations = try readRecords(files.evaluations.path)
    var figure = MultiPanelFigure(title: "Training curves", columns: 3)
    let phases = ["latent_critic", "image_critic", "generator", "recognizer"]
    for phase in phases {
      let points = metrics.compactMap { record -> (x: Double, y: Double)? in
        guard let step = record["step"] as? Double,
          let loss = (record["losses"] as? [String: Any])?[phase] as? Double
        else { return nil }
        return (step, loss)
      }
      guard !points.isEmpty else { continue }
      let series = LineSeries(name: "loss", points: points)
      figure.add(
        LineChart(
          title: phase.replacingOccurrences(of: "_", with: " ") + " loss", xLabel: "step",
          series: [
            series,
            LineSeries(name: "moving average", points: series.movingAverage(window: 20).points),
          ]))
    }
    figure.add(
      LineChart(
        title: "throughput", xLabel: "step", yLabel: "images/s",
        series: [LineSeries(name: "images/s", points: points(metrics, "images_per_second"))]))
    figure.add(
      LineChart(
        title: "test accuracy", xLabel: "step", yLabel: "fraction",
        series: [
          LineSeries(name: "recognizer on real faces", points: points(evaluations, "accuracy")),
          LineSeries(
            name: "recognizer on x_hat", points: points(evaluations, "synthesis_accuracy")),
        ]))
    try figure.writePNG(toFile: files.path("curves.png"))
  }

  /// Writes the confusion matrix of `result` as `evaluations/confusion-STEP.png`.
  func drawConfusion(_ result: EvaluationResult, expressions: ExpressionSet, stepName: String)
    throws
  {
    try Self.drawConfusion(
      result, expressions: expressions,
      path: files.path("evaluations/confusion-\(stepName).png"))
  }

  /// Writes the confusion matrix of `result` as a PNG at `path`.
  static func drawConfusion(_ result: EvaluationResult, expressions: ExpressionSet, path: String)
    throws
  {
    let picture = ConfusionMatrixPicture(
      counts: result.confusion, expressions: expressions,
      title: "Test confusion at step \(result.step)")
    try picture.writePNG(toFile: path)
  }

  /// (step, value) of `key` in each record that has both.
  private func points(_ records: [[String: Any]], _ key: String) -> [(x: Double, y: Double)] {
    records.compactMap { record in
      guard let step = record["step"] as? Double, let value = record[key] as? Double else {
        return nil
      }
      return (step, value)
    }
  }

  /// The records of a JSON-lines file; lines that do not parse (a write cut short) are skipped.
  private func readRecords(_ path: String) throws -> [[String: Any]] {
    guard let data = FileManager.default.contents(atPath: path) else { return [] }
    return data.split(separator: UInt8(ascii: "\n")).compactMap {
      try? JSONSerialization.jsonObject(with: Data($0)) as? [String: Any]
    }
  }
}
