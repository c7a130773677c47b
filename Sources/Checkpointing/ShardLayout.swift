import Foundation

/// How a state is cut into one shard per rank, and what the shards are called.
///
/// Every rank computes the same layout from the same tensor sizes, so no rank needs to be
/// told which tensors to write.
public enum ShardLayout {
  /// The fewest digits of a rank number in a shard name: names sort numerically up to 99,999
  /// ranks. Larger worlds widen both numbers together, so within one checkpoint, where every
  /// name has the same width, lexicographic order still equals numeric order.
  public static let minimumDigits = 5

  /// `shard-RRRRR-of-WWWWW.safetensors`: the shard written by `rank` of `worldSize` ranks.
  public static func shardName(rank: Int, worldSize: Int) -> String {
    precondition(worldSize >= 1 && (0..<worldSize).contains(rank), "rank \(rank) of \(worldSize)")
    let digits = max(minimumDigits, String(worldSize).count)
    return "shard-\(padded(rank, digits))-of-\(padded(worldSize, digits)).safetensors"
  }

  /// The rank and world size that `name` encodes when it is exactly a canonical shard name
  /// (`shardName(rank:worldSize:)` gives it back), otherwise nil. Anything else, such as
  /// `../x`, an absolute path or different padding, is rejected.
  public static func parseShardName(_ name: String) -> (rank: Int, worldSize: Int)? {
    guard name.hasPrefix("shard-"), name.hasSuffix(".safetensors"), name.utf8.count <= 64 else {
      return nil
    }
    let middle = name.dropFirst("shard-".count).dropLast(".safetensors".count)
    let parts = middle.components(separatedBy: "-of-")
    guard parts.count == 2,
      parts.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy { (48...57).contains($0) } }),
      let rank = Int(parts[0]), let worldSize = Int(parts[1]), worldSize >= 1, rank < worldSize,
      shardName(rank: rank, worldSize: worldSize) == name
    else { return nil }
    return (rank, worldSize)
  }

  /// Assigns each tensor, given by its size in bytes, to one of `shardCount` shards so that
  /// the shards' byte totals are balanced: largest tensor first (ties by position), each to the
  /// currently lightest shard (ties by lowest index). Returns the shard of every tensor.
  public static func assign(byteCounts: [Int], shardCount: Int) -> [Int] {
    precondition(shardCount >= 1, "a checkpoint needs at least one shard")
    let order = byteCounts.indices.sorted {
      (byteCounts[$0], -$0) > (byteCounts[$1], -$1)
    }
    var loads = LightestFirst(count: shardCount)
    var assignment = [Int](repeating: 0, count: byteCounts.count)
    for index in order {
      assignment[index] = loads.addToLightest(byteCounts[index])
    }
    return assignment
  }

  private static func padded(_ value: Int, _ digits: Int) -> String {
    let text = String(value)
    return String(repeating: "0", count: max(0, digits - text.count)) + text
  }
}

/// A binary min-heap of shard loads keyed by (bytes, index), so the assignment of many tensors
/// to thousands of shards stays n log n.
private struct LightestFirst {
  private var heap: [(bytes: Int, shard: Int)]

  init(count: Int) { heap = (0..<count).map { (0, $0) } }

  /// Adds `bytes` to the lightest shard and returns that shard.
  mutating func addToLightest(_ bytes: Int) -> Int {
    let shard = heap[0].shard
    heap[0].bytes += bytes
    siftDown(from: 0)
    return shard
  }

  private func less(_ left: Int, _ right: Int) -> Bool {
    (heap[left].bytes, heap[left].shard) < (heap[right].bytes, heap[right].shard)
  }

  private mutating func siftDown(from start: Int) {
    var parent = start
    while true {
      var smallest = parent
      for child in [2 * parent + 1, 2 * parent + 2]
      where child < heap.count && less(child, smallest) {
        smallest = child
      }
      if smallest == parent { return }
      heap.swapAt(parent, smallest)
      parent = smallest
    }
  }
}
