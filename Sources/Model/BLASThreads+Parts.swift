import Dispatch

extension BLASThreads {
  /// Runs `body` on disjoint ranges that cover `0..<count`, one per thread and at most as many
  /// as the matrix products use, in parallel when `work` (the values the whole job touches) is
  /// large enough to pay for the threads.
  ///
  /// Callers make each index write memory of its own, so that the split changes neither a
  /// result nor the order of any sum.
  static func forEachPart(of count: Int, work: Int, _ body: (Range<Int>) -> Void) {
    let parts = min(count, Self.count, max(1, work / (1 << 16)))
    guard parts > 1 else { return body(0..<count) }
    DispatchQueue.concurrentPerform(iterations: parts) { part in
      body((part * count / parts)..<((part + 1) * count / parts))
    }
  }
}
