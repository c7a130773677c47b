import Collective

extension Job {
  /// Runs `body` on rank 0 only (file writes, evaluation) and tells every rank how it went,
  /// so a failure there stops all ranks together with rank 0's message instead of leaving the
  /// others waiting in their next collective. A collective.
  func onRankZero(_ body: () throws -> Void) throws {
    guard communicator.size > 1 else { return try body() }
    var message = ""
    if communicator.rank == 0 {
      do { try body() } catch { message = "\(error)" }
    }
    let outcome = try communicator.allGather(Array(message.utf8))[0]
    guard outcome.isEmpty else {
      throw RankZeroFailure(message: String(decoding: outcome, as: UTF8.self))
    }
  }
}

/// Work on rank 0 failed; every rank raises this with rank 0's message.
struct RankZeroFailure: Error, CustomStringConvertible, CollectiveFailure {
  let message: String
  var description: String { message }
  var isRaisedOnEveryRank: Bool { true }
}
