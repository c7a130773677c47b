import Checkpointing
import Collective
import Foundation

/// `disttrain checkpoint list|inspect|verify|export|compare`: looks into saved checkpoints without
/// training. The work runs on rank 0; under mpirun the other ranks wait for its outcome.
enum CheckpointCommand: Command {
  static let name = "checkpoint"
  static let summary = "list, inspect, verify, export or compare saved checkpoints"
  static let help = """
    usage: disttrain checkpoint list RUN_DIR
           disttrain checkpoint inspect CHECKPOINT_DIR
           disttrain checkpoint verify CHECKPOINT_DIR
           disttrain checkpoint export CHECKPOINT_DIR --out FILE [--network NAME]
           disttrain checkpoint compare CHECKPOINT_DIR OTHER_DIR [--tolerance T]

      list      every checkpoint under RUN_DIR/checkpoints: step, epoch, world size, size on
                disk, whether it is complete, and which one 'latest' names
      inspect   a checkpoint's manifest: step, epoch, sampler position, world size,
                configuration, and tensor count and bytes per network and optimizer
      verify    checks every shard's size, CRC-32C and header; fails naming each bad shard
      export    writes the parameters (no optimizer state) as one safetensors file under
                the reference implementation's names. --network is recognizer, generator,
                encoder, decoder, image_critic, latent_critic or all (default all). An export
                of all loads into the PyTorch reference with:
                  from safetensors.torch import load_file
                  m = FESGAN(cfg, identity=False)  # True if the file has identity.* tensors
                  m.load_state_dict(load_file(FILE), strict=True)
      compare   the parameters of two checkpoints: the relative difference of the whole
                model ||a - b|| / ||b|| and the largest element difference; fails when the
                relative difference exceeds --tolerance (default 0: bitwise equal)

    example: disttrain checkpoint verify runs/demo/checkpoints/step-00001200
    """

  static func run(_ arguments: inout Arguments, job: Job) throws {
    let action = arguments.positional()
    let path = arguments.positional()
    let other = action == "compare" ? arguments.positional() : nil
    let tolerance =
      try arguments.option("--tolerance", expected: "a non-negative number") {
        Double($0).flatMap { $0 >= 0 ? $0 : nil }
      } ?? 0
    let output = try action == "export" ? arguments.option("--out") : nil
    let network = try action == "export" ? parseNetwork(&arguments) : .all
    try arguments.finish()
    guard let action, ["list", "inspect", "verify", "export", "compare"].contains(action) else {
      throw UsageError(
        "disttrain checkpoint: expected list, inspect, verify, export or compare, got"
          + " \(action ?? "nothing")")
    }
    guard let path else { throw UsageError("disttrain checkpoint \(action): give a directory") }
    let url = URL(fileURLWithPath: path, isDirectory: true)
    try job.onRankZero {
      switch action {
      case "compare":
        guard let other else {
          throw UsageError("disttrain checkpoint compare: give two checkpoint directories")
        }
        try compare(url, URL(fileURLWithPath: other, isDirectory: true), tolerance, job.console)
      case "list": try list(url, job.console)
      case "inspect": try inspect(url, job.console)
      case "verify": try verify(url, job.console)
      default:
        guard let output else {
          throw UsageError("disttrain checkpoint export: --out FILE is required")
        }
        try export(url, network: network, to: URL(fileURLWithPath: output), job.console)
      }
    }
  }

  private static func parseNetwork(_ arguments: inout Arguments) throws -> ExportedNetwork {
    let names = ExportedNetwork.allCases.map(\.rawValue).joined(separator: ", ")
    return try arguments.option("--network", expected: "one of \(names)") {
      ExportedNetwork(rawValue: $0)
    } ?? .all
  }

  private static func compare(_ first: URL, _ second: URL, _ tolerance: Double, _ console: Console)
    throws
  {
    let local = SingleProcessCommunicator()
    let a = try Checkpoint.load(directory: first, communicator: local).state
    let b = try Checkpoint.load(directory: second, communicator: local).state
    let others = Dictionary(uniqueKeysWithValues: b.tensors.map { ($0.name, $0) })
    var difference = 0.0
    var norm = 0.0
    var largest = (value: 0.0, name: "")
    for tensor in a.tensors where TrainingState.isParameter(tensor.name) {
      guard let match = others[tensor.name], match.shape == tensor.shape else {
        throw CheckpointToolFailure(
          message: "\(second.path) has no parameter \(tensor.name) of shape \(tensor.shape)")
      }
      for (x, y) in zip(tensor.values, match.values) {
        let delta = Double(x) - Double(y)
        difference += delta * delta
        norm += Double(y) * Double(y)
        if abs(delta) > largest.value { largest = (abs(delta), tensor.name) }
      }
    }
    let relative = norm > 0 ? (difference / norm).squareRoot() : difference.squareRoot()
    console.info(
      String(
        format: "relative difference %.3e, largest element difference %.3e", relative, largest.value
      )
        + (largest.name.isEmpty ? "" : " (\(largest.name))"))
    guard relative <= tolerance else {
      throw CheckpointToolFailure(
        message: String(
          format: "the checkpoints differ by %.3e, more than the tolerance %.3e", relative,
          tolerance))
    }
  }

  private static func list(_ runDirectory: URL, _ console: Console) throws {
    let listings = try CheckpointInspection.list(runDirectory: runDirectory)
    guard !listings.isEmpty else {
      console.info("no checkpoints under \(runDirectory.path)/checkpoints")
      return
    }
    console.info("  name                     step   epoch  ranks        size  state")
    for listing in listings {
      let manifest = listing.manifest
      let columns = [
        pad(listing.entry.name, 22, left: true), pad(String(listing.entry.step), 8),
        pad(manifest.map { String($0.epoch) } ?? "-", 6),
        pad(manifest.map { String($0.worldSize) } ?? "-", 6),
        pad(size(listing.bytesOnDisk), 11),
        listing.problem == nil ? "complete" : "not counted (\(listing.problem!))",
      ]
      console.info((listing.isLatest ? "* " : "  ") + columns.joined(separator: " "))
    }
    console.info("* = latest")
  }

  private static func inspect(_ directory: URL, _ console: Console) throws {
    let directory = CheckpointDirectory.resolvingLatest(directory)
    let manifest = try CheckpointManifest.read(directory: directory)
    console.info("checkpoint   \(directory.path)")
    console.info("step         \(manifest.globalStep)")
    console.info("epoch        \(manifest.epoch)")
    console.info(
      "sampler      epoch \(manifest.sampler.epoch), step \(manifest.sampler.stepInEpoch)")
    console.info("world size   \(manifest.worldSize) (shards)")
    console.info("tensors      \(manifest.tensors.count), \(size(manifest.shardBytes))")
    for group in CheckpointInspection.groups(of: manifest) {
      console.info(
        "  \(pad(group.name, 28, left: true)) \(pad(String(group.tensorCount), 5)) tensors"
          + " \(pad(size(group.byteCount), 11))")
    }
    console.info("counters")
    for key in manifest.scalars.keys.sorted() {
      console.info("  \(pad(key, 28, left: true)) \(manifest.scalars[key]!)")
    }
    console.info("configuration")
    for key in manifest.configuration.keys.sorted() {
      console.info("  \(pad(key, 28, left: true)) \(manifest.configuration[key]!)")
    }
  }

  private static func verify(_ directory: URL, _ console: Console) throws {
    let results = try CheckpointInspection.verify(directory: directory)
    for result in results {
      console.info("  \(result.problem == nil ? "ok " : "BAD") \(result.file)")
    }
    let bad = results.filter { $0.problem != nil }
    guard bad.isEmpty else {
      throw CheckpointToolFailure(
        message: "\(bad.count) of \(results.count) shards are bad:\n  "
          + bad.map { $0.problem! }.joined(separator: "\n  "))
    }
    console.info("verified \(results.count) shard(s) of \(directory.path)")
  }

  private static func export(
    _ directory: URL, network: ExportedNetwork, to output: URL, _ console: Console
  ) throws {
    let summary = try CheckpointExport.export(directory: directory, network: network, to: output)
    console.info(
      "wrote \(summary.tensorCount) tensors (\(size(summary.byteCount))) of"
        + " \(network.rawValue) to \(output.path)")
    if network == .all {
      console.info(
        "load it in PyTorch with FESGAN(cfg, identity=\(summary.hasIdentity ? "True" : "False"))"
          + " and load_state_dict(load_file(path), strict=True)")
    }
  }

  /// `bytes` in B, kB, MB or GB (powers of 1000), with one decimal above bytes.
  private static func size(_ bytes: Int) -> String {
    let units = [(1e9, "GB"), (1e6, "MB"), (1e3, "kB")]
    guard let (scale, unit) = units.first(where: { Double(bytes) >= $0.0 }) else {
      return "\(bytes) B"
    }
    return String(format: "%.1f", Double(bytes) / scale) + " " + unit
  }

  private static func pad(_ text: String, _ width: Int, left: Bool = false) -> String {
    let fill = String(repeating: " ", count: max(0, width - text.count))
    return left ? text + fill : fill + text
  }
}

/// A checkpoint tool found a problem; every rank raises it after agreeing on the outcome.
struct CheckpointToolFailure: Error, CustomStringConvertible, CollectiveFailure {
  let message: String
  var description: String { message }
  var isRaisedOnEveryRank: Bool { true }
}
