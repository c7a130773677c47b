/// Averages gradients across ranks, bucket by bucket, overlapping communication with backward.
///
/// Use per phase: call `gradientReady` for each parameter as soon as backward has finished its
/// gradient (any order), then `finish`, which waits for the outstanding reductions and writes
/// the averaged gradients back. A bucket's reduction starts once all its gradients are in and
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
  /// Seconds from each bucket's start to `finish`, summed: communication time including the
  /// part that overlapped backward. Accumulates until reset by the caller.
  public var communicationSeconds = 0.0

  private let storage: [UnsafeMutableBufferPointer<Float>]
  private var missing: [Int]
  private var pending: [(any PendingReduction)?]
  private var startTimes: [Double]
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
    startTimes = Array(repeating: 0, count: assignment.buckets.count)
  }

  deinit { storage.forEach { $0.deallocate() } }

  /// Hands over the finished gradient of parameter `index`; starts every bucket that is now
  /// complete and next in order, and drives the reductions already in flight.
  public func gradientReady(_ index: Int, _ gradient: UnsafeBufferPointer<Float>) throws {
    let (bucket, slot) = assignment.location[index]
    let entry = assignment.buckets[bucket][slot]
    precondition(gradient.count == entry.count, "gradient of \(layout[index]) has \(gradient.count) elements")
    precondition(missing[bucket] > 0, "gradient of \(layout[index].name) handed over twice")
    _ = UnsafeMutableBufferPointer(rebasing: storage[bucket][entry.offset..<entry.offset + entry.count])
      .initialize(from: gradient)
    missing[bucket] -= 1
    while nextToStart < storage.count && missing[nextToStart] == 0 {
      startTimes[nextToStart] = communicator.wallTime()
      pending[nextToStart] = try communicator.startAllReduceSum(storage[nextToStart])
      nextToStart += 1
    }
    for reduction in pending[..<nextToStart] { _ = try reduction?.test() }
  }

  /// Waits for every bucket, then hands each parameter's averaged gradient to `write`.
  /// Every gradient must have been handed over with `gradientReady` first.
  public func finish(
    _ write: (_ index: Int, _ averaged: UnsafeBufferPointer<Float>) throws -> Void
  ) throws {
    precondition(nextToStart == storage.count, "finish called before every gradient was ready")
    let waitStart = communicator.wallTime()
    for bucket in pending.indices {
      try pending[bucket]?.wait()
      pending[bucket] = nil
    }
    let end = communicator.wallTime()
    exposedCommunicationSeconds += end - waitStart
    communicationSeconds += startTimes.reduce(0) { $0 + (end - $1) }
    let scale = 1 / Float(communicator.size)
    for (bucket, slots) in assignment.buckets.enumerated() {
      let values = storage[bucket]
      if communicator.size > 1 {
        for index in values.indices { values[index] *= scale }
      }
      for entry in slots {
        try write(
          entry.parameter,
          UnsafeBufferPointer(rebasing: values[entry.offset..<entry.offset + entry.count]))
      }
      missing[bucket] = slots.count
    }
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
    try finish { index, averaged in _ = gradients[index].initialize(from: averaged) }
  }
}
