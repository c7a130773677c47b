import Collective
import Foundation

/// Times all-reduce of growing byte counts twice: raw `allReduceSum` on one buffer, and the
/// gradient synchronizer averaging the same bytes split into parameters and buckets.
///
/// Bus bandwidth is the ring all-reduce convention, 2(n-1)/n x bytes / seconds: the rate each
/// link must sustain, comparable across rank counts.
struct CollectiveBenchmark {
  let job: Job
  let bucketBytes: Int
  /// Parameters are cut at this size, about the largest layer of the paper-setting model.
  let parameterBytes = 4 << 20

  func run(maximumBytes: Int) throws {
    let communicator = job.communicator
    let ranks = communicator.size
    job.console.info(
      "all-reduce of float32 over \(ranks) rank(s); bus bandwidth = 2(n-1)/n x bytes / time")
    job.console.info(
      "synchronizer: buckets of \(bucketBytes >> 10) KiB (first 1 MiB), parameters of at most"
        + " \(parameterBytes >> 10) KiB; times are medians")
    job.console.info(
      pad("bytes", 10) + pad("raw us", 12) + pad("raw GB/s", 11) + pad("sync us", 12)
        + pad("sync GB/s", 11) + "sync/raw")
    var bytes = 1024
    while bytes <= maximumBytes {
      let raw = try timeRaw(bytes: bytes)
      let synchronized = try timeSynchronizer(bytes: bytes)
      let factor = ranks > 1 ? 2 * Double(ranks - 1) / Double(ranks) : 1
      let rawRate = factor * Double(bytes) / raw / 1e9
      let syncRate = factor * Double(bytes) / synchronized / 1e9
      job.console.info(
        pad(describe(bytes), 10) + pad(String(format: "%.1f", raw * 1e6), 12)
          + pad(String(format: "%.3f", rawRate), 11)
          + pad(String(format: "%.1f", synchronized * 1e6), 12)
          + pad(String(format: "%.3f", syncRate), 11) + String(format: "%.2f", syncRate / rawRate))
      bytes *= 4
    }
  }

  /// Enough repetitions for a stable median without spending minutes on the largest sizes.
  func repetitions(_ bytes: Int) -> Int { max(5, min(200, (256 << 20) / bytes)) }

  func timeRaw(bytes: Int) throws -> Double {
    var values = [Float](repeating: 1, count: bytes / 4)
    return try median(repetitions(bytes)) {
      try values.withUnsafeMutableBufferPointer { try job.communicator.allReduceSum($0) }
    }
  }

  func timeSynchronizer(bytes: Int) throws -> Double {
    let count = bytes / 4
    let perParameter = parameterBytes / 4
    let layout = stride(from: 0, to: count, by: perParameter).enumerated().map {
      ParameterLayout(
        name: "parameter.\($0.offset)", shape: [min(perParameter, count - $0.element)])
    }
    let synchronizer = try GradientSynchronizer(
      communicator: job.communicator, layout: layout, capacityBytes: bucketBytes)
    // Gradients are written where the synchronizer keeps them, as the trainer's backward does.
    for index in layout.indices { synchronizer.gradient(index).initialize(repeating: 1) }
    return try median(repetitions(bytes)) {
      for parameter in layout.indices.reversed() { try synchronizer.markReady(parameter) }
      try synchronizer.finish()
    }
  }

  /// The median time of `body` over `count` runs, each started together on all ranks.
  func median(_ count: Int, _ body: () throws -> Void) throws -> Double {
    var times: [Double] = []
    try body()
    for _ in 0..<count {
      try job.communicator.barrier()
      let start = job.communicator.wallTime()
      try body()
      times.append(job.communicator.wallTime() - start)
    }
    return times.sorted()[count / 2]
  }

  func describe(_ bytes: Int) -> String {
    bytes >= 1 << 20 ? "\(bytes >> 20) MiB" : "\(bytes >> 10) KiB"
  }

  func pad(_ text: String, _ width: Int) -> String {
    text.padding(toLength: max(width, text.count + 1), withPad: " ", startingAt: 0)
  }
}
