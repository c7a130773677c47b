import Collective

/// `disttrain selftest`: exercises every collective on the real communicator with values whose
/// results are known exactly, so a broken MPI setup shows before a long run does.
enum SelfTestCommand: Command {
  static let name = "selftest"
  static let summary = "check the collectives on this job's ranks (run it under mpirun)"
  static let help = """
    usage: disttrain selftest [--mismatch-shape]

    Runs all-reduce (blocking and started), broadcast, all-gather, reduce-scatter and the
    gradient synchronizer's buckets on known values and checks the results exactly, on every
    rank. Ends with 'selftest passed' on rank 0, or fails on every rank naming the check.

      --mismatch-shape   give the last rank a model whose shape differs, to see the start-up
                         check fail on every rank with a message instead of hanging

    example: mpirun -np 3 --oversubscribe .build/release/disttrain selftest
    """

  static func run(_ arguments: inout Arguments, job: Job) throws {
    let mismatch = arguments.flag("--mismatch-shape")
    try arguments.finish()
    let communicator = job.communicator
    let selfTest = CollectiveSelfTest(communicator: communicator)
    job.console.info(
      "selftest: \(communicator.size) rank(s), rank 0 on \(communicator.processorName)")
    if mismatch {
      let layout = CollectiveSelfTest.layout(mismatchedOnLastRank: true, communicator: communicator)
      _ = try GradientSynchronizer(communicator: communicator, layout: layout)
      throw SelfTestFailure(check: "mismatch-shape", detail: "the shape mismatch went unnoticed")
    }
    for (name, check) in selfTest.checks {
      let start = communicator.wallTime()
      let problem = try check()
      guard try communicator.allAgree(problem == nil) else {
        throw SelfTestFailure(check: name, detail: problem ?? "failed on another rank")
      }
      let milliseconds = (communicator.wallTime() - start) * 1000
      job.console.info("  ok  \(name) (\(String(format: "%.1f", milliseconds)) ms)")
    }
    job.console.info("selftest passed on \(communicator.size) rank(s)")
  }
}

/// A self-test check failed; every rank raises it together after agreeing on the outcome.
struct SelfTestFailure: Error, CustomStringConvertible, CollectiveFailure {
  let check: String
  let detail: String
  var description: String {
    "selftest check '\(check)' failed: \(detail); check the MPI installation and hostfile"
  }
  var isRaisedOnEveryRank: Bool { true }
}
