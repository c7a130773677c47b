/// `disttrain bench WHAT`: measurements printed side by side with their point of comparison.
enum BenchCommand: Command {
  static let name = "bench"
  static let summary = "measure speed: collectives (synchronizer against raw MPI)"
  static let help = """
    usage: disttrain bench collectives [--max-bytes N] [--bucket-bytes N]

      collectives   all-reduce bus bandwidth of the gradient synchronizer beside raw
                    MPI_Allreduce on the same byte counts, from 1 KiB to --max-bytes
                    (default 64 MiB); --bucket-bytes sets the synchronizer's bucket
                    capacity (default 25 MiB). Run it under mpirun with 2 or more ranks.

    example: mpirun -np 2 .build/release/disttrain bench collectives
    """

  static func run(_ arguments: inout Arguments, job: Job) throws {
    switch arguments.positional() {
    case "collectives":
      let maximum = try arguments.integer("--max-bytes", minimum: 1024) ?? 64 << 20
      let bucket = try arguments.integer("--bucket-bytes", minimum: 4096) ?? 25 << 20
      try arguments.finish()
      try CollectiveBenchmark(job: job, bucketBytes: bucket).run(maximumBytes: maximum)
    case let other:
      throw UsageError(
        "disttrain bench: expected what to measure (collectives), got \(other ?? "nothing")")
    }
  }
}
