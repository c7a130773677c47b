/// How gradients are packed into buckets for reduction.
///
/// Parameters are taken in reverse order, because backward produces the gradients of the last
/// layers first; a bucket fills up to its capacity (a parameter larger than the capacity gets
/// a bucket of its own). The first bucket is small so that communication starts early in
/// backward. The assignment depends only on the layout and the capacities, so it is the same
/// on every rank.
public struct GradientBuckets: Sendable {
  /// Where one parameter's gradient sits in its bucket.
  public struct Slot: Sendable, Equatable {
    /// The parameter's index in the layout.
    public var parameter: Int
    /// The offset of its first element in the bucket, in floats.
    public var offset: Int
    /// Its element count.
    public var count: Int
  }

  /// The slots of each bucket, in the order the buckets are reduced.
  public let buckets: [[Slot]]
  /// For each parameter, its bucket and its slot within that bucket.
  public let location: [(bucket: Int, slot: Int)]

  /// Packs `parameters` into buckets of at most `capacityBytes` (the first at most
  /// `firstCapacityBytes`).
  public init(parameters: [ParameterLayout], capacityBytes: Int, firstCapacityBytes: Int) {
    precondition(capacityBytes > 0 && firstCapacityBytes > 0, "bucket capacities must be positive")
    var buckets: [[Slot]] = []
    var current: [Slot] = []
    var filled = 0
    for parameter in parameters.indices.reversed() {
      let count = parameters[parameter].count
      let capacity = (buckets.isEmpty ? firstCapacityBytes : capacityBytes) / 4
      if !current.isEmpty && filled + count > capacity {
        buckets.append(current)
        current = []
        filled = 0
      }
      current.append(Slot(parameter: parameter, offset: filled, count: count))
      filled += count
    }
    if !current.isEmpty { buckets.append(current) }
    var location = [(bucket: Int, slot: Int)](repeating: (0, 0), count: parameters.count)
    for (bucket, slots) in buckets.enumerated() {
      for (slot, entry) in slots.enumerated() { location[entry.parameter] = (bucket, slot) }
    }
    self.buckets = buckets
    self.location = location
  }

  /// The element count of each bucket.
  public var counts: [Int] { buckets.map { $0.reduce(0) { $0 + $1.count } } }
}
