import Foundation

/// The files rank 0 keeps in the run directory:
///
///     config.json         the effective options
///     metrics.jsonl       one record per logged step
///     eval.jsonl          one record per evaluation
///     evaluations/        a grid of generated faces and a confusion matrix per evaluation
///     checkpoints/        sharded checkpoints, written by every rank
final class RunFiles {
  let directory: String
  let metrics: JSONLinesFile
  let evaluations: JSONLinesFile

  /// Options that may differ between the runs of one directory: they steer the run, not what
  /// it computes.
  static let steeringKeys: Set<String> = [
    "out", "resume", "max-steps", "eval-every", "checkpoint-every", "keep", "log-every", "epochs",
  ]

  /// Prepares `options.output`. A directory that already holds a run is refused unless the
  /// run resumes.
  init(options: TrainingOptions, resuming: Bool) throws {
    directory = options.output
    let manager = FileManager.default
    let configurationPath = (directory as NSString).appendingPathComponent("config.json")
    if manager.fileExists(atPath: configurationPath) && !resuming {
      let saved = try? TrainingOptions.read(configurationFile: configurationPath)
      let differences = (saved?.differences(from: options) ?? []).map(\.key).filter {
        !Self.steeringKeys.contains($0)
      }
      throw RunDirectoryError.holdsAnotherRun(directory: directory, differences: differences)
    }
    for folder in [directory, (directory as NSString).appendingPathComponent("evaluations")] {
      do {
        try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
      } catch {
        throw RunDirectoryError.cannotWrite(path: folder)
      }
    }
    guard manager.createFile(atPath: configurationPath, contents: Data(options.json.utf8)) else {
      throw RunDirectoryError.cannotWrite(path: configurationPath)
    }
    metrics = try JSONLinesFile(
      path: (directory as NSString).appendingPathComponent("metrics.jsonl"))
    evaluations = try JSONLinesFile(
      path: (directory as NSString).appendingPathComponent("eval.jsonl"))
  }

  /// The path of `name` inside the run directory.
  func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }
}
