import Checkpointing
import Foundation
import XCTest

final class RoundTripTests: XCTestCase {
  /// Saved by every world size from 1 to 4, every checkpoint loads bitwise at 1 to 4 ranks.
  func testSavedAtAnyWorldSizeLoadsBitwiseAtAnyOther() throws {
    let state = SyntheticState.make()
    XCTAssertGreaterThan(state.tensors.count, 300)
    for savedBy in 1...4 {
      let run = try TemporaryDirectory()
      let saved = try save(state, run: run.url, ranks: savedBy)
      XCTAssertEqual(saved.directory.lastPathComponent, "step-00001200")
      for loadedBy in 1...4 {
        let loaded = try load(saved.directory, ranks: loadedBy)
        XCTAssertEqual(loaded.count, loadedBy)
        for (rank, checkpoint) in loaded.enumerated() {
          XCTAssertEqual(checkpoint.worldSizeAtSave, savedBy)
          XCTAssertTrue(
            checkpoint.state == state, "saved by \(savedBy), loaded on rank \(rank) of \(loadedBy)")
        }
      }
    }
  }

  /// The pairs named in the layout's contract, with `auto` on the loading side.
  func testResumesAutomaticallyAtAnotherWorldSize() throws {
    for (savedBy, loadedBy) in [(2, 1), (1, 3), (4, 2)] {
      let run = try TemporaryDirectory()
      let state = SyntheticState.make(seed: UInt64(savedBy * 10 + loadedBy))
      _ = try save(state, run: run.url, ranks: savedBy)
      let loaded = try loadNewest(run: run.url, ranks: loadedBy)
      for checkpoint in loaded {
        XCTAssertTrue(checkpoint?.state == state, "\(savedBy) -> \(loadedBy)")
        XCTAssertEqual(checkpoint?.skipped, [])
      }
    }
  }

  /// `RUN/checkpoints/latest` opens the checkpoint it names, for loading and verifying alike.
  func testTheLatestFileStandsForTheCheckpointItNames() throws {
    let run = try TemporaryDirectory()
    let state = SyntheticState.make(seed: 7)
    _ = try save(state, run: run.url, ranks: 2)
    let latest = run.url.appendingPathComponent("checkpoints/latest")
    XCTAssertTrue(try load(latest, ranks: 1)[0].state == state)
    XCTAssertEqual(try CheckpointInspection.verify(directory: latest).count, 2)
    let elsewhere = run.url.appendingPathComponent("latest")
    XCTAssertEqual(CheckpointDirectory.resolvingLatest(elsewhere), elsewhere)
  }

  func testLayoutOnDisk() throws {
    let run = try TemporaryDirectory()
    let saved = try save(SyntheticState.make(), run: run.url, ranks: 3)
    let files = try FileManager.default.contentsOfDirectory(atPath: saved.directory.path).sorted()
    XCTAssertEqual(
      files,
      [
        "manifest.json", "shard-00000-of-00003.safetensors", "shard-00001-of-00003.safetensors",
        "shard-00002-of-00003.safetensors",
      ])
    let latest = run.url.appendingPathComponent("checkpoints/latest")
    XCTAssertEqual(try String(contentsOf: latest, encoding: .utf8), "step-00001200\n")
    let manifest = try CheckpointManifest.read(directory: saved.directory)
    XCTAssertEqual(manifest.worldSize, 3)
    XCTAssertEqual(manifest.sampler, SamplerPosition(epoch: 3, stepInEpoch: 17))
    XCTAssertEqual(manifest.scalars["optimizer.generator.step"], 301)
    XCTAssertEqual(manifest.configuration["image_size"], .integer(64))
    XCTAssertEqual(manifest.shardBytes, saved.shardBytes)
    let shardSizes = manifest.shards.map(\.byteCount)
    XCTAssertLessThan(shardSizes.max()! - shardSizes.min()!, shardSizes.max()! / 4)
    let verification = try CheckpointInspection.verify(directory: saved.directory)
    XCTAssertEqual(verification.compactMap(\.problem), [])
  }

  /// Saving the same step again replaces the checkpoint in one rename.
  func testSavingTheSameStepAgainReplacesIt() throws {
    let run = try TemporaryDirectory()
    _ = try save(SyntheticState.make(seed: 1), run: run.url, ranks: 2)
    let second = SyntheticState.make(seed: 2)
    let saved = try save(second, run: run.url, ranks: 1)
    XCTAssertTrue(try load(saved.directory, ranks: 2)[0].state == second)
    let names = try FileManager.default.contentsOfDirectory(
      atPath: run.url.appendingPathComponent("checkpoints").path)
    XCTAssertEqual(names.sorted(), ["latest", "step-00001200"])
  }

  func testInvalidStateFailsOnEveryRankBeforeWriting() throws {
    let run = try TemporaryDirectory()
    var state = SyntheticState.make(blocksPerNetwork: 1)
    state.tensors.append(NamedTensor(name: "encoder/../../x", shape: [1], values: [1]))
    XCTAssertThrowsError(try save(state, run: run.url, ranks: 2)) { error in
      XCTAssertTrue("\(error)".contains("path separator"), "\(error)")
    }
    var infinite = SyntheticState.make(blocksPerNetwork: 1)
    infinite.configuration["learning_rate"] = .number(.infinity)
    XCTAssertThrowsError(try save(infinite, run: run.url, ranks: 1)) { error in
      XCTAssertTrue("\(error)".contains("learning_rate"), "\(error)")
    }
    let directory = CheckpointDirectory(runDirectory: run.url)
    XCTAssertEqual(try directory.completeCheckpoints(), [])
  }
}
