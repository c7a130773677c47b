import Checkpointing
import XCTest

final class ShardLayoutTests: XCTestCase {
  func testShardNamesSortNumericallyPastTenThousandRanks() {
    let worldSize = 12_345
    let names = (0..<worldSize).map { ShardLayout.shardName(rank: $0, worldSize: worldSize) }
    XCTAssertEqual(names[9_999], "shard-09999-of-12345.safetensors")
    XCTAssertEqual(names.sorted(), names)
    XCTAssertEqual(Set(names).count, worldSize)
    for (rank, name) in names.enumerated() where rank % 997 == 0 || rank == worldSize - 1 {
      let parsed = ShardLayout.parseShardName(name)
      XCTAssertEqual(parsed?.rank, rank)
      XCTAssertEqual(parsed?.worldSize, worldSize)
    }
  }

  func testWorldsBeyondFiveDigitsWidenBothNumbers() {
    let names = [0, 9, 99_999, 123_455].map {
      ShardLayout.shardName(rank: $0, worldSize: 123_456)
    }
    XCTAssertEqual(names[0], "shard-000000-of-123456.safetensors")
    XCTAssertEqual(names.sorted(), names)
  }

  func testParsingAcceptsOnlyCanonicalNames() {
    for name in [
      "../x", "/etc/passwd", "shard-0-of-1.safetensors", "shard-00001-of-00001.safetensors",
      "shard-00000-of-00001.safetensors/../../x", "../shard-00000-of-00001.safetensors",
      "shard-00000-of-00000.safetensors", "shard--0001-of-00002.safetensors",
      "shard-+0001-of-00002.safetensors", "shard-00000-of-00002.safetensors.tmp", "",
    ] {
      XCTAssertNil(ShardLayout.parseShardName(name), name)
    }
    XCTAssertEqual(ShardLayout.parseShardName("shard-00001-of-00002.safetensors")?.rank, 1)
  }

  /// Greedy largest-first assignment: every shard is within one largest tensor of every other,
  /// and the result depends only on the sizes.
  func testAssignmentIsBalancedAndDeterministic() {
    var generator = SplitMix(state: 3)
    let sizes = (0..<500).map { _ in Int(generator.next() % 100_000) * 4 }
    for shardCount in [1, 2, 3, 7, 64] {
      let assignment = ShardLayout.assign(byteCounts: sizes, shardCount: shardCount)
      XCTAssertEqual(assignment, ShardLayout.assign(byteCounts: sizes, shardCount: shardCount))
      var loads = [Int](repeating: 0, count: shardCount)
      for (index, shard) in assignment.enumerated() { loads[shard] += sizes[index] }
      XCTAssertLessThanOrEqual(loads.max()! - loads.min()!, sizes.max()!, "\(shardCount) shards")
    }
  }

  func testMoreShardsThanTensorsLeavesSomeEmpty() {
    let assignment = ShardLayout.assign(byteCounts: [8, 4, 4], shardCount: 5)
    XCTAssertEqual(assignment, [0, 1, 2])
  }
}
