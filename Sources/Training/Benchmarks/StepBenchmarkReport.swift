import Collective
import Foundation
import Model

/// `disttrain bench step`: the iteration benchmark at 1 rank, at several ranks under mpirun
/// (same global batch) and, when given, the PyTorch reference, printed side by side.
struct StepBenchmarkReport {
  let job: Job
  let iterations: Int
  let ranks: Int
  /// The Python interpreter and bench_ref.py of the reference, to time it in the same run.
  let peer: (python: String, script: String)?

  func run(settings: [TrainingPreset]) throws {
    let console = job.console
    console.info(
      "full stage-2 iterations (four phases), median of \(iterations) after one warm-up;"
        + " communication is per iteration, overlap is the part hidden behind backward")
    console.info(
      pad("setting", 9) + pad("run", 26) + pad("s/iter", 9) + pad("images/s", 10)
        + pad("comm s", 8) + pad("overlap", 9) + "peak MiB")
    for setting in settings {
      var rows: [(String, StepBenchmark.Result)] = []
      BLASThreads.set(1)
      rows.append(
        ("1 rank x 1 thread", try StepBenchmark(job: job, iterations: iterations).measure(setting)))
      BLASThreads.set(ranks)
      rows.append(
        (
          "1 rank x \(ranks) threads",
          try StepBenchmark(job: job, iterations: iterations).measure(setting)
        ))
      rows.append(("\(ranks) ranks x 1 thread", try launchRanks(setting)))
      for (name, result) in rows { console.info(line(setting, name, result)) }
      let single = rows[0].1.imagesPerSecond
      let parallel = rows[2].1.imagesPerSecond
      console.info(
        pad("", 9)
          + String(
            format: "scaling %d ranks / 1 rank, 1 thread each: %.2fx", ranks, parallel / single))
      if let peer {
        let reference = try runPeer(peer, setting)
        console.info(
          pad(setting.rawValue, 9) + pad("reference, \(ranks) threads", 26)
            + pad(String(format: "%.3f", reference.seconds), 9)
            + pad(String(format: "%.1f", Double(rows[2].1.batch) / reference.seconds), 10)
            + pad("-", 8) + pad("-", 9) + String(format: "%.0f", reference.peakMiB))
        console.info(
          pad("", 9)
            + String(
              format:
                "reference s/iter over ours (%d ranks x 1 thread): %.2fx; over ours (1 rank x %d threads): %.2fx",
              ranks, reference.seconds / rows[2].1.secondsPerIteration, ranks,
              reference.seconds / rows[1].1.secondsPerIteration))
      }
    }
  }

  private func line(_ setting: TrainingPreset, _ name: String, _ result: StepBenchmark.Result)
    -> String
  {
    let overlap =
      result.communicationSeconds > 0
      ? 1 - result.exposedCommunicationSeconds / result.communicationSeconds : 0
    return pad(setting.rawValue, 9) + pad(name, 26)
      + pad(String(format: "%.3f", result.secondsPerIteration), 9)
      + pad(String(format: "%.1f", result.imagesPerSecond), 10)
      + pad(String(format: "%.3f", result.communicationSeconds), 8)
      + pad(result.ranks > 1 ? String(format: "%.0f%%", overlap * 100) : "-", 9)
      + String(format: "%.0f", result.peakMemoryMiB)
  }

  /// Runs this program's benchmark worker under mpirun and reads its result line.
  private func launchRanks(_ setting: TrainingPreset) throws -> StepBenchmark.Result {
    var arguments = ["--oversubscribe", "-np", String(ranks)]
    if getuid() == 0 { arguments.insert("--allow-run-as-root", at: 0) }
    arguments += [
      Self.executable, "bench", "step", "--worker", setting.rawValue, "--iterations",
      String(iterations), "--threads", "1",
    ]
    let output = try Self.capture("mpirun", arguments)
    guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix("result: ") }),
      let result = try? JSONDecoder().decode(
        StepBenchmark.Result.self, from: Data(line.dropFirst(8).utf8))
    else {
      throw BenchmarkFailure(message: "the \(ranks)-rank benchmark under mpirun failed:\n\(output)")
    }
    return result
  }

  private func runPeer(_ peer: (python: String, script: String), _ setting: TrainingPreset) throws
    -> (seconds: Double, peakMiB: Double)
  {
    let options = StepBenchmark.options(setting)
    let output = try Self.capture(
      peer.python,
      [
        peer.script, "--image-size", String(options.imageSize), "--channels",
        String(options.channels), "--width", String(options.width), "--rec-width",
        String(options.recognizerWidth), "--batch", String(options.batch), "--iters",
        String(iterations), "--threads", String(ranks),
      ])
    guard let line = output.split(separator: "\n").last(where: { $0.hasPrefix("{") }),
      let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
      let seconds = object["sec_per_iter"] as? Double
    else {
      throw BenchmarkFailure(message: "the reference benchmark failed:\n\(output)")
    }
    return (seconds, object["peak_rss_mib"] as? Double ?? 0)
  }

  /// The path of this program, for launching more of it.
  static var executable: String {
    (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
      ?? CommandLine.arguments[0]
  }

  /// Runs `program` (looked up on PATH) and returns its standard output and error.
  static func capture(_ program: String, _ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [program] + arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let text = String(decoding: data, as: UTF8.self)
    guard process.terminationStatus == 0 else {
      throw BenchmarkFailure(
        message: "\(program) exited with \(process.terminationStatus):\n\(text)")
    }
    return text
  }

  private func pad(_ text: String, _ width: Int) -> String {
    text.padding(toLength: max(width, text.count + 1), withPad: " ", startingAt: 0)
  }
}

/// A benchmark could not run; the message holds what the failing program printed.
struct BenchmarkFailure: Error, CustomStringConvertible {
  let message: String
  var description: String { message }
}
