import Collective
import FaceData
import Foundation
import Model

#if canImport(Glibc)
  import Glibc
#endif

/// Times full stage-2 training iterations (latent critic, image critic, recognizer and
/// generator each stepped once, as the reference's bench_ref.py does) on this job's ranks.
struct StepBenchmark {
  /// What one measurement found, on rank 0.
  struct Result: Codable {
    var setting: String
    var ranks: Int
    var threads: Int
    var batch: Int
    var secondsPerIteration: Double
    var imagesPerSecond: Double
    /// Seconds per iteration spent in gradient reduction, and the part backward did not hide.
    var communicationSeconds: Double
    var exposedCommunicationSeconds: Double
    /// The largest resident set of any rank, in MiB.
    var peakMemoryMiB: Double
  }

  let job: Job
  let iterations: Int

  /// The options of `preset` for timing: small synthetic data (rendering the paper setting's
  /// whole set would take longer than the measurement), stage 2 from the first step, and
  /// every phase in every iteration.
  static func options(_ preset: TrainingPreset) -> TrainingOptions {
    var options = preset.options
    options.trainingSubjects = max(1, (options.batch + 5) / 6)
    options.testSubjects = 1
    options.imagesPerExpression = 1
    options.pretrainEpochs = 0
    options.criticIterations = 1
    options.epochs = 1000
    return options
  }

  func measure(_ preset: TrainingPreset) throws -> Result {
    let options = Self.options(preset)
    let trainer = try Trainer(options: options, job: job)
    try trainer.runSteps(1)  // Warm-up: first allocations, OpenBLAS thread start.
    _ = trainer.replica.takeCommunicationSeconds()
    var times: [Double] = []
    for _ in 0..<iterations {
      try job.communicator.barrier()
      let start = job.communicator.wallTime()
      try trainer.runSteps(1)
      times.append(job.communicator.wallTime() - start)
    }
    var communication = trainer.replica.takeCommunicationSeconds()
    var values = [Float(communication.total), Float(communication.exposed)]
    try job.communicator.allReduce(&values, .mean)
    communication = (Double(values[0]), Double(values[1]))
    let peaks = try job.communicator.allGather(Array(String(Self.peakMemoryMiB()).utf8))
    let peak = peaks.compactMap { Double(String(decoding: $0, as: UTF8.self)) }.max() ?? 0
    let median = times.sorted()[times.count / 2]
    return Result(
      setting: preset.rawValue, ranks: job.communicator.size, threads: BLASThreads.count,
      batch: options.batch, secondsPerIteration: median,
      imagesPerSecond: Double(options.batch) / median,
      communicationSeconds: communication.total / Double(iterations),
      exposedCommunicationSeconds: communication.exposed / Double(iterations),
      peakMemoryMiB: peak)
  }

  /// This process's peak resident memory in MiB.
  static func peakMemoryMiB() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
  }
}
