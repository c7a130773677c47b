import Collective
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// The `disttrain` program: picks the subcommand, runs it on this rank, and turns errors into
/// messages and exit statuses. The only place that decides how the process ends.
public enum DistTrainMain {
  static let commands: [any Command.Type] = [
    TrainCommand.self, EvalCommand.self, DataCommand.self, CheckpointCommand.self,
    ReferenceCheckCommand.self,
    SelfTestCommand.self, BenchCommand.self,
  ]

  /// Runs `disttrain` with `arguments` (the program name first) and returns the exit status.
  public static func run(_ arguments: [String]) -> Int32 {
    let tokens = Array(arguments.dropFirst())
    guard let name = tokens.first, !["help", "--help", "-h"].contains(name) else {
      print(usage)
      return tokens.isEmpty ? 2 : 0
    }
    guard let command = commands.first(where: { $0.name == name }) else {
      fputs("error: unknown command '\(name)'\n\n\(usage)\n", stderr)
      return 2
    }
    var options = Arguments(command: "disttrain \(name)", Array(tokens.dropFirst()))
    if options.wantsHelp {
      print(command.help)
      return 0
    }
    let job: Job
    do {
      let threads = try options.integer("--threads", minimum: 1)
      job = try Job(threads: threads)
    } catch {
      fputs("error: \(error)\n", stderr)
      return 1
    }
    do {
      try command.run(&options, job: job)
      try job.end()
      return 0
    } catch {
      job.console.error("\(error)")
      let agreed = (error as? CollectiveFailure)?.isRaisedOnEveryRank ?? false
      if !agreed { job.abortOthers(code: 1) }
      try? job.end()
      return 1
    }
  }

  static var usage: String {
    let names = commands.map { command in command.name }
    let width = names.map { name in name.count }.max() ?? 0
    let list = zip(names, commands).map { name, command in
      "  " + name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + command.summary
    }
    return """
      usage: disttrain COMMAND [OPTIONS]

      Trains FESGAN (joint facial-expression synthesis and recognition), data-parallel over MPI.
      Run it directly for one process, or under mpirun for several.

      commands:
      \(list.joined(separator: "\n"))

      Every command takes --help, and --threads N (OpenBLAS threads per rank; default: the
      node's cores divided among its ranks, or OPENBLAS_NUM_THREADS when set).
      """
  }
}
