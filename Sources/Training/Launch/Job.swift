import Collective
import Foundation
import Model

/// This process's part in a run: its communicator, its console, and the thread budget.
public final class Job {
  public let communicator: any Communicator
  public let console: Console

  /// Joins the job (MPI under `mpirun`, a single process otherwise) and divides the node's
  /// cores among its ranks for OpenBLAS.
  ///
  /// - Parameter threads: OpenBLAS threads per rank. Nil keeps `OPENBLAS_NUM_THREADS` or
  ///   `OMP_NUM_THREADS` when the user set one, and otherwise gives each rank
  ///   cores / ranks-on-this-node.
  public init(threads: Int?) throws {
    communicator = try WorldCommunicator.join()
    console = Console(rank: communicator.rank, size: communicator.size)
    let environment = ProcessInfo.processInfo.environment
    if let threads {
      BLASThreads.set(threads)
    } else if environment["OPENBLAS_NUM_THREADS"] == nil && environment["OMP_NUM_THREADS"] == nil {
      let cores = ProcessInfo.processInfo.activeProcessorCount
      BLASThreads.set(max(1, cores / communicator.localSize))
    }
  }

  /// A job on an existing communicator, as tests run it; leaves OpenBLAS's threads alone.
  public init(communicator: any Communicator) {
    self.communicator = communicator
    console = Console(rank: communicator.rank, size: communicator.size)
  }

  /// Ends the job cleanly: finalizes MPI when it was initialized.
  public func end() throws {
    try (communicator as? MPICommunicator)?.finalize()
  }

  /// Ends every rank at once, for a failure the other ranks cannot know about. With one
  /// process there is nobody to stop, so it returns.
  public func abortOthers(code: Int32) {
    guard communicator.size > 1, let mpi = communicator as? MPICommunicator else { return }
    mpi.abort(code: code)
  }
}
