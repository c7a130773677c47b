import Checkpointing
import Collective
import Foundation
import XCTest

/// A failure on one rank during a save stops every rank with the same error, with no rank
/// left waiting, and leaves no checkpoint that counts.
final class SaveFailureTests: XCTestCase {
  func testFailureOnOneRankIsRaisedOnAll() throws {
    let run = try TemporaryDirectory()
    let good = SyntheticState.make(blocksPerNetwork: 1)
    var bad = good
    bad.tensors[0].name = "encoder/escape"
    let outcomes = try InProcessGroup.run(size: 3) { communicator -> String in
      do {
        _ = try Checkpoint.save(
          communicator.rank == 1 ? bad : good, runDirectory: run.url,
          communicator: communicator)
        return "saved"
      } catch CheckpointError.rankFailed(let rank, let message, _) {
        return "rank \(rank): \(message.contains("path separator"))"
      }
    }
    XCTAssertEqual(outcomes, ["rank 1: true", "rank 1: true", "rank 1: true"])
    XCTAssertEqual(try CheckpointDirectory(runDirectory: run.url).completeCheckpoints(), [])
  }

  func testUnwritableRunDirectoryFailsOnEveryRank() throws {
    let run = try TemporaryDirectory()
    try Data("not a directory".utf8).write(to: run.url.appendingPathComponent("checkpoints"))
    let outcomes = try InProcessGroup.run(size: 2) { communicator -> Int in
      do {
        _ = try Checkpoint.save(
          SyntheticState.make(blocksPerNetwork: 1), runDirectory: run.url,
          communicator: communicator)
        return -1
      } catch CheckpointError.rankFailed(let rank, _, let cause) {
        XCTAssertEqual(cause != nil, communicator.rank == 0)
        return rank
      }
    }
    XCTAssertEqual(outcomes, [0, 0])
  }
}
