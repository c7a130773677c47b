/// One rank of an `InProcessGroup`.
///
/// A collective is three steps around the rendezvous: publish this rank's buffer, wait for
/// all, compute this rank's result from the published buffers, wait again (so nobody's
/// buffer changes while another rank still reads it), then write the result.
public final class InProcessCommunicator: Communicator {
  public let rank: Int
  public var size: Int { rendezvous.size }
  public var localRank: Int { rank }
  public var localSize: Int { size }
  public let processorName = "in-process"
  private let rendezvous: Rendezvous

  init(rank: Int, rendezvous: Rendezvous) {
    self.rank = rank
    self.rendezvous = rendezvous
  }

  public func barrier() throws { try rendezvous.wait() }

  public func allReduceSum(_ buffer: UnsafeMutableBufferPointer<Float>) throws {
    let sum = try exchange(UnsafeMutableRawBufferPointer(buffer)) { sumOfPublished(buffer.count) }
    _ = buffer.initialize(from: sum)
  }

  /// Completes the reduction before returning: ranks are threads of one process and the
  /// reduction is a memory sum, so there is no transfer to overlap with computation.
  public func startAllReduce(
    _ buffer: UnsafeMutableBufferPointer<Float>, _ operation: ReductionOperation
  ) throws -> any PendingReduction {
    let start = wallTime()
    try allReduce(buffer, operation)
    return CompletedReduction(seconds: wallTime() - start)
  }

  public func broadcast(_ buffer: UnsafeMutableRawBufferPointer, root: Int) throws {
    precondition((0..<size).contains(root), "root \(root) is not a rank of \(size)")
    let copy = try exchange(buffer) {
      Array(UnsafeRawBufferPointer(start: rendezvous.buffers[root], count: buffer.count))
    }
    if rank != root { copy.withUnsafeBytes { buffer.copyMemory(from: $0) } }
  }

  public func allGather(_ bytes: [UInt8]) throws -> [[UInt8]] {
    var own = bytes
    return try own.withUnsafeMutableBytes { buffer in
      try exchange(buffer) {
        (0..<size).map { peer in
          Array(
            UnsafeRawBufferPointer(
              start: rendezvous.buffers[peer], count: rendezvous.byteCounts[peer]))
        }
      }
    }
  }

  public func reduceScatterSum(_ buffer: UnsafeBufferPointer<Float>, counts: [Int]) throws
    -> [Float]
  {
    precondition(counts.count == size && counts.reduce(0, +) == buffer.count)
    let start = counts[..<rank].reduce(0, +)
    let source = UnsafeMutableRawBufferPointer(mutating: UnsafeRawBufferPointer(buffer))
    let sum = try exchange(source) { sumOfPublished(buffer.count) }
    return Array(sum[start..<start + counts[rank]])
  }

  public func wallTime() -> Double { monotonicSeconds() }

  /// Publishes `buffer`, waits for all ranks, runs `read` on the published buffers, and waits
  /// until every rank has finished reading before returning `read`'s result.
  private func exchange<Value>(
    _ buffer: UnsafeMutableRawBufferPointer, read: () -> Value
  ) throws -> Value {
    rendezvous.buffers[rank] = buffer.baseAddress
    rendezvous.byteCounts[rank] = buffer.count
    try rendezvous.wait()
    let value = read()
    try rendezvous.wait()
    return value
  }

  /// The element-wise sum of every rank's published floats, added in rank order.
  private func sumOfPublished(_ count: Int) -> [Float] {
    var sum = [Float](repeating: 0, count: count)
    for peer in 0..<size {
      guard let source = rendezvous.buffers[peer]?.assumingMemoryBound(to: Float.self) else {
        continue
      }
      for index in 0..<count { sum[index] += source[index] }
    }
    return sum
  }
}
