import MPIShim

/// The ranks of an MPI job (`mpirun`), through the C shim.
///
/// MPI errors are returned, never fatal: each one surfaces as `CollectiveError.mpi` naming the
/// operation. Callers use it from one thread. Started reductions run on a worker thread with
/// the blocking all-reduce when MPI grants the `multiple` thread level, and as MPI's own
/// non-blocking all-reduce otherwise.
public final class MPICommunicator: Communicator {
  public let rank: Int
  public let size: Int
  public let localRank: Int
  public let localSize: Int
  public let processorName: String
  /// The thread support MPI granted.
  public let threadLevel: MPIThreadLevel
  private var finalized = false
  private var worker: ReductionWorker?

  /// Initializes MPI for this process. Call once per process.
  public init(threadLevel requested: MPIThreadLevel = .multiple) throws {
    var provided: Int32 = 0
    try checkMPI(mpishim_init(requested.rawValue, &provided), "MPI_Init_thread")
    threadLevel = MPIThreadLevel(rawValue: provided) ?? .single
    var value: Int32 = 0
    try checkMPI(mpishim_rank(&value), "MPI_Comm_rank")
    rank = Int(value)
    try checkMPI(mpishim_size(&value), "MPI_Comm_size")
    size = Int(value)
    try checkMPI(mpishim_local_rank(&value), "MPI_Comm_rank(node)")
    localRank = Int(value)
    try checkMPI(mpishim_local_size(&value), "MPI_Comm_size(node)")
    localSize = Int(value)
    var name = [CChar](repeating: 0, count: 256)
    try checkMPI(mpishim_processor_name(&name, Int32(name.count)), "MPI_Get_processor_name")
    processorName = String(
      decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  /// Shuts MPI down. No communicator may be used afterwards.
  public func finalize() throws {
    guard !finalized else { return }
    finalized = true
    worker?.stop()
    worker = nil
    try checkMPI(mpishim_finalize(), "MPI_Finalize")
  }

  /// Ends every rank of the job with `code`, for failures the other ranks cannot learn of.
  public func abort(code: Int32) -> Never {
    _ = mpishim_abort(code)
    // MPI_Abort does not return on success; if it failed there is nothing left to try.
    fatalError("MPI_Abort returned")
  }

  public func barrier() throws { try checkMPI(mpishim_barrier(), "MPI_Barrier") }

  public func allReduceSum(_ buffer: UnsafeMutableBufferPointer<Float>) throws {
    guard let base = buffer.baseAddress, size > 1 else { return }
    try checkMPI(mpishim_allreduce_sum_float(base, Int64(buffer.count)), "MPI_Allreduce")
  }

  public func startAllReduce(
    _ buffer: UnsafeMutableBufferPointer<Float>, _ operation: ReductionOperation
  ) throws -> any PendingReduction {
    guard let base = buffer.baseAddress, size > 1 else { return CompletedReduction() }
    if threadLevel == .multiple {
      if worker == nil { worker = ReductionWorker() }
      return worker!.start { [unowned self] in try self.allReduce(buffer, operation) }
    }
    guard buffer.count <= Int(Int32.max) else {
      throw CollectiveError.invalidArgument(
        "a started reduction takes at most \(Int32.max) floats, got \(buffer.count);"
          + " use smaller buckets")
    }
    var request: mpishim_request_t?
    try checkMPI(
      mpishim_iallreduce_sum_float(base, Int64(buffer.count), &request), "MPI_Iallreduce")
    return MPIPendingReduction(request!, start: wallTime()) { [unowned self] in
      if operation == .mean { self.divide(buffer, by: self.size) }
    }
  }

  public func broadcast(_ buffer: UnsafeMutableRawBufferPointer, root: Int) throws {
    guard let base = buffer.baseAddress, size > 1 else { return }
    try checkMPI(mpishim_broadcast(base, Int64(buffer.count), Int32(root)), "MPI_Bcast")
  }

  public func allGather(_ bytes: [UInt8]) throws -> [[UInt8]] {
    guard size > 1 else { return [bytes] }
    guard bytes.count <= Int(Int32.max) else {
      throw CollectiveError.invalidArgument("allGather takes at most 2 GiB per rank")
    }
    var counts = [Int32](repeating: 0, count: size)
    var own = Int32(bytes.count)
    try counts.withUnsafeMutableBytes { received in
      try checkMPI(
        mpishim_allgather_bytes(&own, Int32(MemoryLayout<Int32>.size), received.baseAddress!),
        "MPI_Allgather")
    }
    var displacements = [Int32](repeating: 0, count: size)
    for rank in 1..<size { displacements[rank] = displacements[rank - 1] + counts[rank - 1] }
    var gathered = [UInt8](repeating: 0, count: Int(counts.reduce(0, +)))
    try bytes.withUnsafeBytes { send in
      try gathered.withUnsafeMutableBytes { receive in
        try checkMPI(
          mpishim_allgatherv_bytes(
            send.baseAddress, own, receive.baseAddress, counts, displacements),
          "MPI_Allgatherv")
      }
    }
    return (0..<size).map { rank in
      let start = Int(displacements[rank])
      return Array(gathered[start..<start + Int(counts[rank])])
    }
  }

  public func reduceScatterSum(_ buffer: UnsafeBufferPointer<Float>, counts: [Int]) throws
    -> [Float]
  {
    precondition(counts.count == size && counts.reduce(0, +) == buffer.count)
    guard size > 1 else { return Array(buffer) }
    var block = [Float](repeating: 0, count: counts[rank])
    let counts32 = counts.map { Int32($0) }
    try block.withUnsafeMutableBufferPointer { receive in
      try checkMPI(
        mpishim_reduce_scatter_sum_float(buffer.baseAddress, receive.baseAddress, counts32),
        "MPI_Reduce_scatter")
    }
    return block
  }

  public func wallTime() -> Double { mpishim_wtime() }
}

/// A non-blocking MPI reduction; it owns the shim's request until completion, then runs
/// `finishing` (the division that turns a sum into a mean) once.
final class MPIPendingReduction: PendingReduction {
  private var request: mpishim_request_t?
  private let finishing: () -> Void
  private let start: Double
  private(set) var seconds = 0.0

  init(_ request: mpishim_request_t, start: Double, finishing: @escaping () -> Void) {
    self.request = request
    self.start = start
    self.finishing = finishing
  }

  func test() throws -> Bool {
    guard let pending = request else { return true }
    var done: Int32 = 0
    try checkMPI(mpishim_test(pending, &done), "MPI_Test")
    if done != 0 {
      request = nil
      finishing()
      seconds = mpishim_wtime() - start
    }
    return done != 0
  }

  func wait() throws {
    guard let pending = request else { return }
    request = nil
    try checkMPI(mpishim_wait(pending), "MPI_Wait")
    finishing()
    seconds = mpishim_wtime() - start
  }
}

/// A reduction that completed when it started: one rank, an empty buffer, or ranks that are
/// threads of one process.
final class CompletedReduction: PendingReduction {
  let seconds: Double
  init(seconds: Double = 0) { self.seconds = seconds }
  func test() throws -> Bool { true }
  func wait() throws {}
}
