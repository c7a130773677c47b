import Foundation

/// `disttrain bench WHAT`: measurements printed side by side with their point of comparison.
enum BenchCommand: Command {
  static let name = "bench"
  static let summary = "measure speed: training iterations, networks and layers, collectives"
  static let help = """
    usage: disttrain bench step [--settings demo,paper] [--iterations N] [--ranks N]
                                [--peer-python PYTHON --peer-script bench_ref.py]
           disttrain bench model [--settings demo,paper] [--iterations N]
           disttrain bench collectives [--max-bytes N] [--bucket-bytes N]

      step          full stage-2 iterations (all four phases) at the demo and paper settings:
                    1 rank with 1 thread, 1 rank with N threads, and N ranks with 1 thread
                    each under mpirun (default N = 2), same global batch; prints seconds per
                    iteration, images/s, communication per iteration and the part of it
                    hidden behind backward, peak memory, and the scaling. With --peer-python
                    and --peer-script it also times the PyTorch reference (bench_ref.py) with
                    N threads and prints the ratio. Run it as one process, not under mpirun.

      model         the networks at the demo and paper settings (batch 16, with the LightCNN-29
                    identity network at random weights), with this job's OpenBLAS threads
                    (--threads N): forward and backward milliseconds of each network, the
                    backward going from the sum of its outputs to its parameters (to its input
                    for the frozen identity network); then GFLOP/s per layer kind (Conv2d,
                    ConvTranspose2d, Linear), forward and backward, each layer timed alone on
                    the input shape it sees, operations counted as 2·M·N·K of its im2col
                    matrix products, beside cblas_sgemm alone on the same products; the
                    layers lowered with Winograd F(2x2, 3x3) (3x3, stride 1, padding 1) do
                    fewer operations, so their rates are effective ones, printed also on the
                    operations they perform; and the convolutions' overall rate as a share
                    of square (1024) cblas_sgemm.
                    --iterations sets the timed runs per measurement after one warm-up, of
                    which the median is kept (default 3); short runs repeat until they add
                    up to 50 ms (at most 200). Run it as one process, not under mpirun.

      collectives   all-reduce bus bandwidth of the gradient synchronizer beside raw
                    MPI_Allreduce on the same byte counts, from 1 KiB to --max-bytes
                    (default 64 MiB); --bucket-bytes sets the synchronizer's bucket
                    capacity (default 25 MiB). Run it under mpirun with 2 or more ranks.

    examples: .build/release/disttrain bench model --threads 2
              mpirun -np 2 .build/release/disttrain bench collectives
    """

  static func run(_ arguments: inout Arguments, job: Job) throws {
    switch arguments.positional() {
    case "step":
      if let worker = try arguments.option("--worker") {
        let iterations = try arguments.integer("--iterations", minimum: 1) ?? 3
        try arguments.finish()
        guard let preset = TrainingPreset(rawValue: worker) else {
          throw UsageError("disttrain bench step: unknown setting \(worker)")
        }
        let result = try StepBenchmark(job: job, iterations: iterations).measure(preset)
        let encoded = try JSONEncoder().encode(result)
        job.console.info("result: " + String(decoding: encoded, as: UTF8.self))
        return
      }
      let settings = try settings(&arguments, command: "step")
      let iterations = try arguments.integer("--iterations", minimum: 1) ?? 3
      let ranks = try arguments.integer("--ranks", minimum: 2) ?? 2
      let python = try arguments.option("--peer-python")
      let script = try arguments.option("--peer-script")
      try arguments.finish()
      guard job.communicator.size == 1 else {
        throw UsageError("disttrain bench step launches its own ranks; run it without mpirun")
      }
      let peer = python.flatMap { python in script.map { (python, $0) } }
      try StepBenchmarkReport(job: job, iterations: iterations, ranks: ranks, peer: peer)
        .run(settings: settings)
    case "model":
      let settings = try settings(&arguments, command: "model")
      let iterations = try arguments.integer("--iterations", minimum: 1) ?? 3
      try arguments.finish()
      guard job.communicator.size == 1 else {
        throw UsageError("disttrain bench model times one process; run it without mpirun")
      }
      ModelBenchmarkReport(job: job, runs: iterations).run(settings: settings)
    case "collectives":
      let maximum = try arguments.integer("--max-bytes", minimum: 1024) ?? 64 << 20
      let bucket = try arguments.integer("--bucket-bytes", minimum: 4096) ?? 25 << 20
      try arguments.finish()
      try CollectiveBenchmark(job: job, bucketBytes: bucket).run(maximumBytes: maximum)
    case let other:
      throw UsageError(
        "disttrain bench: expected what to measure (step, model or collectives), got"
          + " \(other ?? "nothing")")
    }
  }

  /// The presets named by `--settings` (default demo,paper), in the order given.
  private static func settings(_ arguments: inout Arguments, command: String) throws
    -> [TrainingPreset]
  {
    let names = try arguments.option("--settings") ?? "demo,paper"
    return try names.split(separator: ",").map { name in
      guard let preset = TrainingPreset(rawValue: String(name)) else {
        throw UsageError(
          "disttrain bench \(command): unknown setting '\(name)'; use demo or paper")
      }
      return preset
    }
  }
}
