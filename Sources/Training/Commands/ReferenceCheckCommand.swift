import Foundation
import Model

/// `disttrain reference-check FILE`: compares this implementation with the PyTorch reference on
/// a fixture file of the reference's layout.
enum ReferenceCheckCommand: Command {
  static let name = "reference-check"
  static let summary = "compare the networks, losses and gradients with a PyTorch fixture"
  static let help = """
    usage: disttrain reference-check FILE.safetensors

    Loads the parameters and the batch of a fixture written by the reference's
    make_fixtures.py (any configuration in its metadata), computes every output, phase loss
    and phase gradient, and prints the largest relative error ||a - b|| / ||b|| of each group
    with its tolerance (1e-4 for outputs and losses, 1e-3 for gradients through the whole
    model). Exits non-zero when any group is past its tolerance.

    example: disttrain reference-check Tests/ModelTests/Fixtures/fesgan_s32.safetensors
    """

  static func run(_ arguments: inout Arguments, job: Job) throws {
    guard let path = arguments.positional() else {
      throw UsageError("disttrain reference-check: name the fixture file to check")
    }
    try arguments.finish()
    let report = try ReferenceCheck.run(contentsOf: URL(fileURLWithPath: path))
    job.console.info("reference check of \(path)")
    job.console.info(
      "  " + "group".padding(toLength: 34, withPad: " ", startingAt: 0) + "tensors  largest error"
        + "  tolerance  worst tensor")
    for group in report.groups {
      job.console.info(
        "  " + group.group.padding(toLength: 34, withPad: " ", startingAt: 0)
          + String(format: "%7d  %13.3e  %9.0e  ", group.count, group.largestError, group.tolerance)
          + group.worstTensor + (group.passed ? "" : "   FAILED"))
    }
    for name in report.unexpectedParameters {
      job.console.error("\(path): parameter \(name) names no parameter of the model")
    }
    let failed = report.groups.filter { !$0.passed }.map(\.group)
    guard failed.isEmpty && report.unexpectedParameters.isEmpty else {
      throw ReferenceCheckFailure(file: path, groups: failed)
    }
    job.console.info("all \(report.comparisons.count) tensors within tolerance")
  }
}

/// A reference check found differences past tolerance.
struct ReferenceCheckFailure: Error, CustomStringConvertible {
  let file: String
  let groups: [String]
  var description: String {
    "\(file): "
      + (groups.isEmpty
        ? "unexpected parameters" : "past tolerance in " + groups.joined(separator: ", "))
      + "; the implementation and the reference disagree"
  }
}
