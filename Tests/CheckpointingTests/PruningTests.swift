import Checkpointing
import Foundation
import XCTest

final class PruningTests: XCTestCase {
  func testKeepsTheNewestAndLeavesPartialsAlone() throws {
    let run = try TemporaryDirectory()
    let checkpoints = run.url.appendingPathComponent("checkpoints")
    try FileManager.default.createDirectory(
      at: checkpoints.appendingPathComponent("step-00000900.partial"),
      withIntermediateDirectories: true)
    var pruned: [String] = []
    for step in stride(from: 100, through: 500, by: 100) {
      let state = SyntheticState.make(blocksPerNetwork: 1, globalStep: step)
      pruned += try save(state, run: run.url, ranks: 2, keep: 2).pruned
    }
    XCTAssertEqual(pruned, ["step-00000100", "step-00000200", "step-00000300"])
    let names = try FileManager.default.contentsOfDirectory(atPath: checkpoints.path).sorted()
    XCTAssertEqual(names, ["latest", "step-00000400", "step-00000500", "step-00000900.partial"])
    XCTAssertEqual(
      CheckpointDirectory(runDirectory: run.url).latestName(), "step-00000500")
  }

  /// A save of an earlier step than the newest (a run resumed from an older checkpoint) is
  /// never pruned by its own save.
  func testNeverPrunesTheCheckpointJustWritten() throws {
    let run = try TemporaryDirectory()
    for step in [1000, 2000, 1500] {
      let state = SyntheticState.make(blocksPerNetwork: 1, globalStep: step)
      _ = try save(state, run: run.url, ranks: 1, keep: 1)
    }
    let complete = try CheckpointDirectory(runDirectory: run.url).completeCheckpoints()
    XCTAssertEqual(complete.map(\.name), ["step-00002000", "step-00001500"])
    XCTAssertEqual(
      CheckpointDirectory(runDirectory: run.url).latestName(), "step-00001500")
  }
}
