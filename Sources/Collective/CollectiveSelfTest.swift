/// Checks of every collective on known values, for `disttrain selftest` and the tests.
///
/// Each check returns nil when this rank saw the right result, else what it saw. Values are
/// small integers, so every sum is exact whatever order the ranks add in. Every check is a
/// collective: all ranks run the same checks in the same order.
public struct CollectiveSelfTest {
  public let communicator: any Communicator
  var rank: Int { communicator.rank }
  var size: Int { communicator.size }

  public init(communicator: any Communicator) { self.communicator = communicator }

  /// The checks, by name, in the order they must run.
  public var checks: [(name: String, run: () throws -> String?)] {
    [
      ("all-reduce sum, 1 float", { try allReduceSum(count: 1) }),
      ("all-reduce sum, 1000003 floats", { try allReduceSum(count: 1_000_003) }),
      ("all-reduce mean", allReduceMean),
      ("started all-reduce: start, test, wait", startedAllReduce),
      ("broadcast from every root", broadcastFromEveryRoot),
      ("all-gather of different lengths", allGatherDifferentLengths),
      ("reduce-scatter of uneven blocks", reduceScatterUnevenBlocks),
      ("gradient buckets round trip", bucketsRoundTrip),
      ("mismatched shapes fail on every rank", mismatchedShapesFail),
    ]
  }

  /// The value rank `rank` contributes at `index`; the sum over ranks is `expectedSum`.
  func contribution(_ rank: Int, _ index: Int) -> Float { Float((rank + 1) * (index % 1000 + 1)) }
  func expectedSum(_ index: Int) -> Float { Float(size * (size + 1) / 2 * (index % 1000 + 1)) }

  func firstMismatch(_ values: [Float], _ expected: (Int) -> Float) -> String? {
    guard let index = values.indices.first(where: { values[$0] != expected($0) }) else {
      return nil
    }
    return "element \(index) is \(values[index]), expected \(expected(index))"
  }

  func allReduceSum(count: Int) throws -> String? {
    var values = (0..<count).map { contribution(rank, $0) }
    try communicator.allReduce(&values, .sum)
    return firstMismatch(values, expectedSum)
  }

  func allReduceMean() throws -> String? {
    var values = (0..<4099).map { contribution(rank, $0) }
    try communicator.allReduce(&values, .mean)
    let scale = 1 / Float(size)
    return firstMismatch(values) { size == 1 ? expectedSum($0) : expectedSum($0) * scale }
  }

  func startedAllReduce() throws -> String? {
    var values = (0..<262_147).map { contribution(rank, $0) }
    try values.withUnsafeMutableBufferPointer { buffer in
      let reduction = try communicator.startAllReduce(buffer, .sum)
      var polls = 0
      while try !reduction.test() && polls < 3 { polls += 1 }
      try reduction.wait()
    }
    return firstMismatch(values, expectedSum)
  }

  func broadcastFromEveryRoot() throws -> String? {
    for root in 0..<size {
      var values = (0..<10_007).map { rank == root ? Float(root * 10_007 + $0) : -1 }
      try communicator.broadcast(&values, root: root)
      if let problem = firstMismatch(values, { Float(root * 10_007 + $0) }) {
        return "from root \(root): \(problem)"
      }
    }
    return nil
  }

  func allGatherDifferentLengths() throws -> String? {
    let gathered = try communicator.allGather([UInt8](repeating: UInt8(rank), count: rank * 3 + 1))
    for (peer, bytes) in gathered.enumerated()
    where bytes != [UInt8](repeating: UInt8(peer), count: peer * 3 + 1) {
      return "rank \(peer)'s contribution arrived as \(bytes.count) bytes \(bytes.prefix(8))"
    }
    return gathered.count == size ? nil : "gathered \(gathered.count) contributions"
  }

  func reduceScatterUnevenBlocks() throws -> String? {
    let counts = (0..<size).map { 1000 + 17 * $0 }
    let values = (0..<counts.reduce(0, +)).map { contribution(rank, $0) }
    let block = try values.withUnsafeBufferPointer {
      try communicator.reduceScatterSum($0, counts: counts)
    }
    let start = counts[..<rank].reduce(0, +)
    guard block.count == counts[rank] else { return "block has \(block.count) elements" }
    return firstMismatch(block) { expectedSum(start + $0) }
  }

  /// Many parameters of assorted shapes in small buckets, handed over in a scrambled order:
  /// every averaged gradient must come back exactly, in its own place.
  func bucketsRoundTrip() throws -> String? {
    let layout = Self.layout(mismatchedOnLastRank: false, communicator: communicator)
    let synchronizer = try GradientSynchronizer(
      communicator: communicator, layout: layout, capacityBytes: 8 << 10,
      firstCapacityBytes: 2 << 10)
    let gradients = layout.indices.map { parameter in
      (0..<layout[parameter].count).map { contribution(rank, parameter * 31 + $0) }
    }
    var order = Array(layout.indices)
    var state: UInt64 = 12_345
    for index in order.indices.reversed() {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      order.swapAt(index, Int(state >> 33) % (index + 1))
    }
    for parameter in order {
      try gradients[parameter].withUnsafeBufferPointer {
        try synchronizer.gradientReady(parameter, $0)
      }
    }
    var problem: String?
    let scale = 1 / Float(size)
    try synchronizer.finish()
    for parameter in layout.indices {
      let expected = { (index: Int) -> Float in
        let sum = expectedSum(parameter * 31 + index)
        return size == 1 ? sum : sum * scale
      }
      let averaged = Array(synchronizer.gradient(parameter))
      if problem == nil, let mismatch = firstMismatch(averaged, expected) {
        problem = "\(layout[parameter].name): \(mismatch)"
      }
    }
    return problem ?? (synchronizer.assignment.buckets.count > 3 ? nil : "too few buckets")
  }

  func mismatchedShapesFail() throws -> String? {
    guard size > 1 else { return nil }
    let layout = Self.layout(mismatchedOnLastRank: true, communicator: communicator)
    do {
      _ = try GradientSynchronizer(communicator: communicator, layout: layout)
      return "the mismatch went unnoticed"
    } catch CollectiveError.layoutMismatch(let message) {
      return message.contains("layer.7.bias") ? nil : "the message does not name it: \(message)"
    }
  }

  /// Forty parameters of assorted shapes; optionally the last rank's eighth one differs.
  public static func layout(mismatchedOnLastRank: Bool, communicator: any Communicator)
    -> [ParameterLayout]
  {
    (0..<40).map { index in
      var shape = [index % 5 + 1, 3, (index * 7) % 11 + 1, 4]
      if index % 4 == 3 { shape = [index * 97 % 1500 + 1] }
      if mismatchedOnLastRank && index == 7 && communicator.rank == communicator.size - 1 {
        shape[0] += 1
      }
      return ParameterLayout(
        name: "layer.\(index).\(index % 2 == 0 ? "weight" : "bias")", shape: shape)
    }
  }
}
