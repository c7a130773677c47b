import Foundation

/// The communicator of this process's job: MPI's world under `mpirun`, otherwise a single
/// process that never touches MPI.
public enum WorldCommunicator {
  /// Environment variables that the launchers of Open MPI, PMIx and MPICH/Slurm PMI set in
  /// every process they start.
  static let launcherVariables = [
    "OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE",
  ]

  /// True when a launcher such as `mpirun` started this process.
  public static func isLaunchedByMPI(
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) -> Bool {
    launcherVariables.contains { environment[$0] != nil }
  }

  /// Joins the job: initializes MPI when launched by `mpirun`, else returns a group of one.
  public static func join() throws -> any Communicator {
    isLaunchedByMPI() ? try MPICommunicator() : SingleProcessCommunicator()
  }
}

/// An error that every rank raises at the same point, so the job can end normally with a
/// failure status instead of aborting the ranks that did not see it.
public protocol CollectiveFailure: Error {
  /// True when every rank of the job raised this error together.
  var isRaisedOnEveryRank: Bool { get }
}

extension CollectiveError: CollectiveFailure {
  public var isRaisedOnEveryRank: Bool {
    if case .layoutMismatch = self { return true }
    return false
  }
}
