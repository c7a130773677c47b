/// A group of ranks that exchange plain `Float` and byte buffers.
///
/// The contract every implementation keeps, as MPI does:
/// - Every rank of the group calls each collective, in the same order, with the same element
///   count (the byte count may differ only where a method says so). A rank that skips a call
///   or passes another count leaves the others waiting.
/// - Reductions work in place: the buffer a rank passes in holds the result when the call
///   returns (or, for a started reduction, when it completes).
/// - With one rank every collective returns at once and leaves the data as it is: a sum of
///   one contribution is that contribution.
///
/// Implementations: `MPICommunicator` (processes under `mpirun`), `SingleProcessCommunicator`
/// (one process, no MPI at all) and `InProcessGroup` (N ranks on threads of one process, for
/// testing multi-rank logic without `mpirun`).
public protocol Communicator: AnyObject {
  /// This rank's index, `0..<size`.
  var rank: Int { get }
  /// The number of ranks in the group.
  var size: Int { get }
  /// This rank's index among the ranks on the same node.
  var localRank: Int { get }
  /// The number of ranks on this node; the launcher divides the cores among them.
  var localSize: Int { get }
  /// The name of the node this rank runs on.
  var processorName: String { get }

  /// Returns once every rank has called it.
  func barrier() throws

  /// Replaces `buffer` on every rank by the element-wise sum of all ranks' buffers.
  func allReduceSum(_ buffer: UnsafeMutableBufferPointer<Float>) throws

  /// Starts reducing `buffer` in place with `operation` and returns at once. The buffer must
  /// not be read or written until the returned reduction has completed; then it holds the
  /// result.
  func startAllReduce(_ buffer: UnsafeMutableBufferPointer<Float>, _ operation: ReductionOperation)
    throws -> any PendingReduction

  /// Copies `buffer` of rank `root` into `buffer` on every other rank. Byte counts are equal.
  func broadcast(_ buffer: UnsafeMutableRawBufferPointer, root: Int) throws

  /// Returns every rank's `bytes`, in rank order. Byte counts may differ between ranks.
  func allGather(_ bytes: [UInt8]) throws -> [[UInt8]]

  /// Sums `buffer` across ranks and returns block `rank` of the sum, where the buffer is cut
  /// into consecutive blocks of `counts[0]`, `counts[1]`, ... elements (`counts` equal on all
  /// ranks, summing to the buffer's count).
  func reduceScatterSum(_ buffer: UnsafeBufferPointer<Float>, counts: [Int]) throws -> [Float]

  /// Seconds since an arbitrary moment, comparable only within this rank.
  func wallTime() -> Double
}

/// A reduction started by `Communicator.startAllReduceSum`.
public protocol PendingReduction: AnyObject {
  /// Drives the reduction forward without blocking; returns true once it has completed.
  func test() throws -> Bool

  /// Blocks until the reduction has completed. Calling it again after completion is harmless.
  func wait() throws

  /// Seconds the reduction took from its start to its completion; 0 when there was nothing
  /// to exchange. Meaningful once it has completed.
  var seconds: Double { get }
}

/// How a reduction combines the ranks' contributions.
public enum ReductionOperation: Sendable {
  /// The element-wise sum.
  case sum
  /// The element-wise sum divided by the number of ranks: averaged gradients.
  case mean
}

extension Communicator {
  /// Reduces `buffer` in place across ranks with `operation`.
  public func allReduce(
    _ buffer: UnsafeMutableBufferPointer<Float>, _ operation: ReductionOperation
  ) throws {
    try allReduceSum(buffer)
    if operation == .mean { divide(buffer, by: size) }
  }

  /// Reduces `values` in place across ranks with `operation`.
  public func allReduce(_ values: inout [Float], _ operation: ReductionOperation) throws {
    try values.withUnsafeMutableBufferPointer { try allReduce($0, operation) }
  }

  /// Copies rank `root`'s `values` into `values` on every rank; counts are equal on all ranks.
  public func broadcast(_ values: inout [Float], root: Int) throws {
    try values.withUnsafeMutableBytes { try broadcast($0, root: root) }
  }

  /// Turns a sum over `ranks` contributions into their mean, in place.
  func divide(_ buffer: UnsafeMutableBufferPointer<Float>, by ranks: Int) {
    guard ranks > 1 else { return }
    let scale = 1 / Float(ranks)
    for index in buffer.indices { buffer[index] *= scale }
  }

  /// True on every rank when `condition` is true on every rank: a collective decision, so
  /// that all ranks stop together instead of some waiting forever for the others.
  public func allAgree(_ condition: Bool) throws -> Bool {
    var failures: [Float] = [condition ? 0 : 1]
    try allReduce(&failures, .sum)
    return failures[0] == 0
  }
}
