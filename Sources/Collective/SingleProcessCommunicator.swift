#if canImport(Glibc)
  import Glibc
#endif

/// A group of one: the process itself, with no MPI anywhere.
///
/// Every collective returns at once with the data unchanged, so the training code runs the
/// same way in a debugger or `swift test` as under `mpirun`.
public final class SingleProcessCommunicator: Communicator {
  public let rank = 0
  public let size = 1
  public let localRank = 0
  public let localSize = 1
  public var processorName: String {
    var name = [CChar](repeating: 0, count: 256)
    guard gethostname(&name, name.count - 1) == 0 else { return "localhost" }
    return String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  public init() {}

  public func barrier() throws {}
  public func allReduceSum(_ buffer: UnsafeMutableBufferPointer<Float>) throws {}
  public func startAllReduce(
    _ buffer: UnsafeMutableBufferPointer<Float>, _ operation: ReductionOperation
  ) throws -> any PendingReduction { CompletedReduction() }
  public func broadcast(_ buffer: UnsafeMutableRawBufferPointer, root: Int) throws {
    precondition(root == 0, "a single process has only rank 0")
  }
  public func allGather(_ bytes: [UInt8]) throws -> [[UInt8]] { [bytes] }
  public func reduceScatterSum(_ buffer: UnsafeBufferPointer<Float>, counts: [Int]) throws
    -> [Float]
  {
    precondition(counts == [buffer.count], "a single process takes the whole buffer")
    return Array(buffer)
  }
  public func wallTime() -> Double { monotonicSeconds() }
}

/// Seconds on the monotonic clock.
func monotonicSeconds() -> Double {
  var time = timespec()
  clock_gettime(CLOCK_MONOTONIC, &time)
  return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
}
