/// Averages gradients across ranks, bucket by bucket, overlapping communication with backward.
///
/// Use per phase: as soon as backward has finished a parameter's gradient, leave it in
/// `gradient(index)` and call `markReady` (or hand it over with `gradientReady`), in any order;
/// then `finish` waits for the outstanding reductions and averages in place. A bucket's reduction starts once all its gradients are in and
/// every earlier bucket has started, so all ranks start reductions in the same order.
///
/// Creating a synchronizer is a collective: it checks that all ranks hold the same layout.
public final class GradientSynchronizer {
  /// The default bucket capacity: large enough that per-message latency is negligible.
  public static let defaultCapacityBytes = 25 << 20
  /// The default capacity of the first bucket: small, so the first reduction starts early.
  public static let defaultFirstCapacityBytes = 1 << 20

  public let communicator: any Communicator
  public let layout: [ParameterLayout]
  public let assignment: GradientBuckets
  /// Seconds spent blocked in `finish` waiting for reductions: communication not hidden
  /// behind backward. Accumulates until reset by the caller.
  public var exposedCommunicationSeconds = 0.0
  /// Seconds the buckets' reductions took, summed: communication time including the part that
  /// overlapped backward. Accumulates until reset by the caller.
  public var communicationSeconds = 0.0

  private let storage: [UnsafeMutableBufferPointer<Float>]
  private var missing: [Int]
  private var pending: [(any PendingReduction)?]
  private var nextToStart = 0

  /// Prepares buckets for `layout` and checks that every rank passed the same layout.
  public init(
    communicator: any Communicator, layout: [ParameterLayout],
    capacityBytes: Int = GradientSynchronizer.defaultCapacityBytes,
    firstCapacityBytes: Int = GradientSynchronizer.defaultFirstCapacityBytes
  ) throws {
    try verifyIdenticalLayouts(layout, on: communicator)
    self.communicator = communicator
    self.layout = layout
    assignment = GradientBuckets(
      parameters: layout, capacityBytes: capacityBytes, firstCapacityBytes: firstCapacityBytes)
    storage = assignment.counts.map {
      let buffer = UnsafeMutableBufferPointer<Float>.allocate(capacity: $0)
      buffer.initialize(repeating: 0)
      return buffer
    }
    missing = assignment.buckets.map(\.count)
    pending = Array(repeating: nil, count: assignment.buckets.count)
  }

  deinit { storage.forEach { $0.deallocate() } }

  /// Where backward should leave the gradient of parameter `index`: a slice of its bucket.
  /// Writing gradients here, then calling `markReady`, saves a copy each way.
  public func gradient(_ index: Int) -> UnsafeMutableBufferPointer<Float> {
    let (bucket, slot) = assignment.location[index]
    let entry = assignment.buckets[bucket][slot]
    return UnsafeMutableBufferPointer(
      rebasing: storage[bucket][entry.offset..<entry.offset + entry.count])
  }

  /// Copies `values` into the gradient slot of parameter `index` and marks it ready.
  public func gradientReady(_ index: Int, _ values: UnsafeBufferPointer<Float>) throws {
    let destination = gradient(index)
    precondition(
      values.count == destination.count, "gradient of \(layout[index]) has \(values.count) elements"
    )
    _ = destination.initialize(from: values)
    try markReady(index)
  }

  /// Declares the gradient of parameter `index` final; starts every bucket that is now
  /// complete and next in order, and drives the reductions already in flight.
  public func markReady(_ index: Int) throws {
    let bucket = assignment.location[index].bucket
    precondition(missing[bucket] > 0, "gradient of \(layout[index].name) marked ready twice")
    missing[bucket] -= 1
    while nextToStart < storage.count && missing[nextToStart] == 0 {
      pending[nextToStart] = try communicator.startAllReduce(storage[nextToStart], .mean)
      nextToStart += 1
    }
    for reduction in pending[..<nextToStart] { _ = try reduction?.test() }
  }

  /// Waits for every bucket and averages it in place; afterwards `gradient(index)` holds the
  /// mean over ranks. Every gradient must have been marked ready first.
  public func finish() throws {
    precondition(nextToStart == storage.count, "finish called before every gradient was ready")
    let waitStart = communicator.wallTime()
    for bucket in pending.indices {
      try pending[bucket]?.wait()
      communicationSeconds += pending[bucket]?.seconds ?? 0
      pending[bucket] = nil
    }
    exposedCommunicationSeconds += communicator.wallTime() - waitStart
    for bucket in missing.indices { missing[bucket] = assignment.buckets[bucket].count }
    nextToStart = 0
  }

  /// Averages `gradients` (one buffer per parameter, in layout order) in place, without
  /// overlap: for callers that have all gradients at hand.
  public func synchronize(_ gradients: [UnsafeMutableBufferPointer<Float>]) throws {
    precondition(gradients.count == layout.count, "one gradient per parameter")
    for slots in assignment.buckets {
      for entry in slots {
        try gradientReady(entry.parameter, UnsafeBufferPointer(gradients[entry.parameter]))
      }
    }
    try finish()
    for index in gradients.indices { _ = gradients[index].initialize(from: gradient(index)) }
  }
}
