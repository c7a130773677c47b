import Foundation

/// The meeting point of an in-process group: a reusable barrier plus one slot per rank where
/// each rank leaves the address of its buffer for the others to read.
///
/// Slots live in manually allocated memory because ranks write their own slots concurrently,
/// which a Swift array does not allow. The barrier's lock orders each write before the reads.
final class Rendezvous: @unchecked Sendable {
  let size: Int
  /// The buffer each rank contributes to the current collective.
  let buffers: UnsafeMutablePointer<UnsafeMutableRawPointer?>
  /// The byte count each rank contributes, where counts may differ.
  let byteCounts: UnsafeMutablePointer<Int>
  private let condition = NSCondition()
  private var arrived = 0
  private var generation = 0
  private var failedRank: Int?

  init(size: Int) {
    self.size = size
    buffers = .allocate(capacity: size)
    buffers.initialize(repeating: nil, count: size)
    byteCounts = .allocate(capacity: size)
    byteCounts.initialize(repeating: 0, count: size)
  }

  deinit {
    buffers.deallocate()
    byteCounts.deallocate()
  }

  /// Returns once all ranks have arrived; throws if a rank failed before they did.
  func wait() throws {
    condition.lock()
    defer { condition.unlock() }
    if let failed = failedRank { throw CollectiveError.peerFailed(rank: failed) }
    let current = generation
    arrived += 1
    if arrived == size {
      arrived = 0
      generation += 1
      condition.broadcast()
      return
    }
    while generation == current && failedRank == nil { condition.wait() }
    if generation == current, let failed = failedRank {
      throw CollectiveError.peerFailed(rank: failed)
    }
  }

  /// Marks the group broken: every waiting and later `wait` throws.
  func fail(rank: Int) {
    condition.lock()
    if failedRank == nil { failedRank = rank }
    condition.broadcast()
    condition.unlock()
  }
}
