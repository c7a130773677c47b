import Foundation
import Model

extension Trainer {
  /// Logs the latest losses, averaged over ranks: a progress line on rank 0 and a record in
  /// `metrics.jsonl`. A collective (the averaging).
  func logProgress(progress: inout ProgressLine, runStart: Double, startStep: Int) throws {
    let phases = ParameterGroupName.allCases.filter { latestLosses[$0] != nil }
    var values = phases.map { latestLosses[$0]! }
    let (communication, exposed) = replica.takeCommunicationSeconds()
    values += [
      Float(timing.iteration), Float(timing.dataWait), Float(exposed), Float(communication),
    ]
    try job.communicator.allReduce(&values, .mean)
    timing = StepTiming()
    guard job.communicator.rank == 0 else { return }

    let elapsed = job.communicator.wallTime() - runStart
    let done = globalStep - startStep
    let imagesPerSecond = Double(done * options.batch) / max(elapsed, 1e-9)
    let remaining = Double(endStep - globalStep) * elapsed / Double(max(done, 1))
    let losses = zip(phases, values).map { "\($0.rawValue) \(String(format: "%.4f", $1))" }
    // The epoch of the step just taken: after the last step, the position is past the end.
    let epoch = position(ofStep: max(globalStep - 1, 0)).epoch + 1
    progress.show(
      "epoch \(epoch)/\(options.epochs) step \(globalStep)/\(endStep)"
        + " \(stageName)"
        + " | \(String(format: "%.1f", imagesPerSecond)) img/s | eta \(formatDuration(remaining))"
        + " | " + losses.joined(separator: " "))

    let seconds = values[phases.count...].map { JSONValue.number(Double($0)) }
    try files?.metrics.append([
      ("step", .integer(globalStep)), ("epoch", .integer(position.epoch)),
      (
        "stage", .text(stageName)
      ),
      ("losses", .object(zip(phases, values).map { ($0.rawValue, .number(Double($1))) })),
      ("images_per_second", .number(imagesPerSecond)),
      (
        "seconds",
        .object(
          zip(["iterations", "data_wait", "exposed_communication", "communication"], seconds).map {
            ($0, $1)
          })
      ),
    ])
  }

  /// What the iteration at `position` trains: pretrain (stage 1), joint (stage 2) or baseline.
  var stageName: String {
    options.mode == .baseline ? "baseline" : isJointStage ? "joint" : "pretrain"
  }
}
