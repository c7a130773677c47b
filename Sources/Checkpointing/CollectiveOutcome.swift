import Collective

/// Runs one step of a collective save or load on every rank and makes every rank learn every
/// rank's outcome, so that a failure on one rank stops all of them together instead of leaving
/// the others waiting in the next collective.
enum CollectiveOutcome {
  /// Runs `body` on this rank, exchanges the results (its bytes on success, the error's
  /// message on failure) with an all-gather, and returns every rank's bytes in rank order.
  ///
  /// Collective: every rank calls it at the same point. When any rank failed, every rank throws
  /// `CheckpointError.rankFailed` for the lowest failing rank, carrying the original error as
  /// `cause` on that rank.
  static func gather(_ communicator: any Communicator, _ body: () throws -> [UInt8]) throws
    -> [[UInt8]]
  {
    var report: [UInt8]
    var failure: Error?
    do {
      report = [0] + (try body())
    } catch {
      failure = error
      report = [1] + Array(String(describing: error).utf8)
    }
    let reports = try communicator.allGather(report)
    if let rank = reports.firstIndex(where: { $0.first != 0 }) {
      let message = String(decoding: reports[rank].dropFirst(), as: UTF8.self)
      throw CheckpointError.rankFailed(
        rank: rank, message: message, cause: rank == communicator.rank ? failure : nil)
    }
    return reports.map { Array($0.dropFirst()) }
  }

  /// Runs `body` on this rank and returns once every rank's `body` has succeeded; throws on
  /// every rank as `gather` does when any failed.
  static func agree(_ communicator: any Communicator, _ body: () throws -> Void) throws {
    _ = try gather(communicator) {
      try body()
      return []
    }
  }

  /// Runs `body` on rank 0 only and gives its bytes to every rank; when it fails, every rank
  /// throws. The other ranks only wait, so `body` may touch shared files without races.
  static func onRankZero(_ communicator: any Communicator, _ body: () throws -> [UInt8]) throws
    -> [UInt8]
  {
    try gather(communicator) { communicator.rank == 0 ? try body() : [] }[0]
  }
}
