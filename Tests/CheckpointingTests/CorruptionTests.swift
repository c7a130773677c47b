import Checkpointing
import Foundation
import XCTest

final class CorruptionTests: XCTestCase {
  func testInterruptedSaveIsIgnored() throws {
    let run = try TemporaryDirectory()
    let good = SyntheticState.make(seed: 1, blocksPerNetwork: 2, globalStep: 100)
    _ = try save(good, run: run.url, ranks: 2)
    let interrupted = try save(
      SyntheticState.make(seed: 2, blocksPerNetwork: 2, globalStep: 200), run: run.url, ranks: 2)
    try FileManager.default.removeItem(
      at: interrupted.directory.appendingPathComponent(CheckpointManifest.fileName))
    try FileManager.default.moveItem(
      at: interrupted.directory,
      to: interrupted.directory.appendingPathExtension("partial"))

    for ranks in [1, 2] {
      let loaded = try loadNewest(run: run.url, ranks: ranks)
      XCTAssertTrue(loaded.allSatisfy { $0?.state == good })
      XCTAssertEqual(loaded[0]?.skipped, [])
    }
    let listing = try CheckpointInspection.list(runDirectory: run.url)
    XCTAssertEqual(listing.map(\.entry.name), ["step-00000100", "step-00000200.partial"])
    XCTAssertEqual(listing.map { $0.problem == nil }, [true, false])
    XCTAssertThrowsError(try load(interrupted.directory, ranks: 1))
  }

  func testDirectoryWithoutManifestNeverCounts() throws {
    let run = try TemporaryDirectory()
    let saved = try save(
      SyntheticState.make(blocksPerNetwork: 1, globalStep: 5), run: run.url, ranks: 1)
    try FileManager.default.removeItem(
      at: saved.directory.appendingPathComponent(CheckpointManifest.fileName))
    XCTAssertNil(try loadNewest(run: run.url, ranks: 2)[0])
    XCTAssertThrowsError(try load(saved.directory, ranks: 1)) { error in
      guard case CheckpointError.missingManifest = rootCause(error) else {
        return XCTFail("\(error)")
      }
    }
  }

  /// A flipped bit in a shard is caught by verify (naming the shard), by a load of that
  /// checkpoint on every rank, and by `auto`, which falls back to the previous checkpoint.
  func testFlippedByteIsCaughtAndAutoFallsBack() throws {
    let run = try TemporaryDirectory()
    let previous = SyntheticState.make(seed: 3, blocksPerNetwork: 4, globalStep: 100)
    _ = try save(previous, run: run.url, ranks: 2)
    let newest = try save(
      SyntheticState.make(seed: 4, blocksPerNetwork: 4, globalStep: 200), run: run.url, ranks: 2)
    let shard = newest.directory.appendingPathComponent("shard-00001-of-00002.safetensors")
    try flipByte(in: shard, fromEnd: 1000)

    let verification = try CheckpointInspection.verify(directory: newest.directory)
    XCTAssertNil(verification[0].problem)
    XCTAssertEqual(verification[1].file, shard.lastPathComponent)
    XCTAssertTrue(verification[1].problem?.contains("CRC-32C") ?? false)

    for ranks in [1, 2, 3] {
      XCTAssertThrowsError(try load(newest.directory, ranks: ranks)) { error in
        XCTAssertTrue("\(error)".contains(shard.path), "\(error)")
        if ranks == 1, case CheckpointError.checksumMismatch(let file, _, _) = rootCause(error) {
          XCTAssertEqual(file, shard.path)
        } else if ranks == 1 {
          XCTFail("expected a checksum mismatch, got \(error)")
        }
      }
      let loaded = try loadNewest(run: run.url, ranks: ranks)
      XCTAssertTrue(loaded.allSatisfy { $0?.state == previous }, "\(ranks) ranks")
      XCTAssertEqual(loaded[0]?.skipped.count, 1)
      XCTAssertTrue(loaded[0]?.skipped[0].contains("step-00000200") ?? false)
      XCTAssertTrue(loaded[0]?.skipped[0].contains(shard.lastPathComponent) ?? false)
    }
  }

  func testTruncatedShardIsReportedByName() throws {
    let run = try TemporaryDirectory()
    let saved = try save(SyntheticState.make(blocksPerNetwork: 2), run: run.url, ranks: 2)
    let shard = saved.directory.appendingPathComponent("shard-00000-of-00002.safetensors")
    let handle = try FileHandle(forWritingTo: shard)
    let size = try handle.seekToEnd()
    try handle.truncate(atOffset: size / 2)
    try handle.close()

    let verification = try CheckpointInspection.verify(directory: saved.directory)
    XCTAssertTrue(verification[0].problem?.contains("truncated") ?? false)
    XCTAssertTrue(verification[0].problem?.contains(shard.path) ?? false)
    XCTAssertNil(verification[1].problem)
    XCTAssertThrowsError(try load(saved.directory, ranks: 2)) { error in
      guard case CheckpointError.shardSizeMismatch(let file, _, let actual) = rootCause(error)
      else { return XCTFail("\(error)") }
      XCTAssertEqual(file, shard.path)
      XCTAssertEqual(UInt64(actual), size / 2)
    }
  }

  func testEveryCheckpointCorruptIsAnErrorListingEach() throws {
    let run = try TemporaryDirectory()
    for step in [1, 2] {
      let saved = try save(
        SyntheticState.make(blocksPerNetwork: 1, globalStep: step), run: run.url, ranks: 1)
      try flipByte(
        in: saved.directory.appendingPathComponent("shard-00000-of-00001.safetensors"),
        fromEnd: 4)
    }
    XCTAssertThrowsError(try loadNewest(run: run.url, ranks: 2)) { error in
      guard case CheckpointError.noUsableCheckpoint(_, let failures) = error else {
        return XCTFail("\(error)")
      }
      XCTAssertEqual(failures.count, 2)
      XCTAssertTrue(failures[0].hasPrefix("step-00000002"))
    }
  }

  func testNoCheckpointsMeansAFreshStart() throws {
    let run = try TemporaryDirectory()
    XCTAssertEqual(try loadNewest(run: run.url, ranks: 2).count, 2)
    XCTAssertNil(try loadNewest(run: run.url, ranks: 1)[0])
  }

  private func flipByte(in file: URL, fromEnd distance: Int) throws {
    var data = try Data(contentsOf: file)
    data[data.count - distance] ^= 0x10
    try data.write(to: file)
  }
}
