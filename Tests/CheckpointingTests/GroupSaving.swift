import Checkpointing
import Collective
import Foundation
import XCTest

/// Saves `state` under `run` from `ranks` in-process ranks and returns rank 0's result, after
/// checking that every rank returned the same.
func save(
  _ state: TrainingState, run: URL, ranks: Int, keep: Int? = nil,
  file: StaticString = #filePath, line: UInt = #line
) throws -> SavedCheckpoint {
  let results = try InProcessGroup.run(size: ranks) { communicator in
    try Checkpoint.save(state, runDirectory: run, communicator: communicator, keep: keep)
  }
  XCTAssertTrue(results.allSatisfy { $0 == results[0] }, file: file, line: line)
  return results[0]
}

/// Loads the checkpoint in `directory` on `ranks` in-process ranks.
func load(_ directory: URL, ranks: Int) throws -> [LoadedCheckpoint] {
  try InProcessGroup.run(size: ranks) { communicator in
    try Checkpoint.load(directory: directory, communicator: communicator)
  }
}

/// Loads the newest usable checkpoint of `run` on `ranks` in-process ranks.
func loadNewest(run: URL, ranks: Int) throws -> [LoadedCheckpoint?] {
  try InProcessGroup.run(size: ranks) { communicator in
    try Checkpoint.load(.newest(runDirectory: run), communicator: communicator)
  }
}

/// The error the rank that found a problem raised, unwrapped from the collective failure.
func rootCause(_ error: Error) -> Error {
  if case CheckpointError.rankFailed(_, _, let cause?) = error { return cause }
  return error
}
