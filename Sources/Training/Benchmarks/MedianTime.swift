import Dispatch

/// The median wall time, in seconds, of `runs` calls of `body`, after one untimed call that
/// pays for first allocations and for starting OpenBLAS's threads.
func medianSeconds(runs: Int, _ body: () -> Void) -> Double {
  medianSeconds(runs: runs, setUp: {}, body)
}

/// The median wall time of `body` as above, where each call first gets a fresh value from
/// `setUp`, untimed (a forward graph for a timed backward pass, say).
///
/// Calls of less than a millisecond vary with every interruption, so short bodies run more
/// often than `runs`: until the timed calls add up to `minimumSeconds`, at most `maximumRuns`.
func medianSeconds<Value>(
  runs: Int, minimumSeconds: Double = 0.05, maximumRuns: Int = 200, setUp: () -> Value,
  _ body: (Value) -> Void
) -> Double {
  body(setUp())
  var times: [Double] = []
  var total = 0.0
  while times.count < runs || (total < minimumSeconds && times.count < maximumRuns) {
    let value = setUp()
    let start = DispatchTime.now().uptimeNanoseconds
    body(value)
    times.append(Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9)
    total += times[times.count - 1]
  }
  return times.sorted()[times.count / 2]
}
