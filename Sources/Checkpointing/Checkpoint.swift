import Collective
import Foundation

/// Sharded, atomic, verified checkpoints of a `TrainingState`, saved by all ranks together and
/// loadable at any world size.
///
/// Layout of a run directory:
///
///     RUN/checkpoints/latest                      the name of the newest checkpoint saved
///     RUN/checkpoints/step-00001200/manifest.json  what is where, with every shard's CRC-32C
///     RUN/checkpoints/step-00001200/shard-00000-of-00002.safetensors
///     RUN/checkpoints/step-00001200/shard-00001-of-00002.safetensors
///     RUN/checkpoints/step-00001500.partial/      a save in progress or interrupted; ignored
///
/// Every rank reads and writes the run directory, so on a cluster it must be on a file system
/// that all nodes share.
public enum Checkpoint {
  /// Saves `state` as `RUN/checkpoints/step-NNNNNNNN` (N = `state.globalStep`), every rank
  /// writing one shard, and returns the same result on every rank.
  ///
  /// Collective: every rank calls it with the same state. The tensors are divided among the
  /// ranks by bytes (`ShardLayout.assign`). Steps: rank 0 creates `step-N.partial/`; every rank
  /// writes its shard there and synchronizes it and the directory; the ranks exchange sizes and
  /// checksums; rank 0 writes and synchronizes `manifest.json`, renames the directory to
  /// `step-N`, synchronizes the parent, points `latest` at it (a synchronized temporary file
  /// renamed over it) and, with `keep`, removes complete checkpoints beyond the newest `keep`
  /// other than this one. A failure on any rank makes every rank throw
  /// `CheckpointError.rankFailed`; the partial directory is then left behind and never counts.
  ///
  /// - Parameters:
  ///   - keep: how many complete checkpoints to keep (at least 1); nil keeps all.
  public static func save(
    _ state: TrainingState, runDirectory: URL, communicator: any Communicator, keep: Int? = nil
  ) throws -> SavedCheckpoint {
    precondition(keep.map { $0 >= 1 } ?? true, "keep at least one checkpoint")
    let writer = CheckpointWriter(
      state: state, checkpoints: CheckpointDirectory(runDirectory: runDirectory),
      communicator: communicator)
    try CollectiveOutcome.agree(communicator) {
      try writer.validateState()
      if communicator.rank == 0 { try writer.preparePartialDirectory() }
    }
    let reports = try CollectiveOutcome.gather(communicator) {
      try JSONEncoder().encode(try writer.writeShard()).byteArray
    }.map { try JSONDecoder().decode(ShardReport.self, from: Data($0)) }
    let published = try CollectiveOutcome.onRankZero(communicator) {
      try JSONEncoder().encode(try writer.publish(reports: reports, keep: keep)).byteArray
    }
    return try JSONDecoder().decode(SavedCheckpoint.self, from: Data(published))
  }

  /// Loads a checkpoint on every rank; see `CheckpointSource`. Returns nil only for
  /// `.newest` when the run has no complete checkpoint (a fresh start).
  ///
  /// Collective: every rank calls it with the same source and receives the whole state.
  public static func load(_ source: CheckpointSource, communicator: any Communicator) throws
    -> LoadedCheckpoint?
  {
    switch source {
    case .directory(let directory):
      return try load(directory: directory, communicator: communicator)
    case .newest(let runDirectory):
      return try loadNewest(runDirectory: runDirectory, communicator: communicator)
    }
  }

  /// Loads the checkpoint in `directory` on every rank, after checking its manifest, the size
  /// and CRC-32C of every shard (each rank checks every `size`-th shard; all agree on the
  /// outcome) and every shard header against the manifest. The checkpoint may have been saved
  /// at any world size.
  ///
  /// Collective. A problem on any rank makes every rank throw `CheckpointError.rankFailed`
  /// naming the file; the rank that found it carries the typed error as `cause`.
  ///
  /// Every rank reads every shard, so the file system serves the state once per rank: simple
  /// and independent of the saving world size, but on many nodes one reader per node sharing
  /// the bytes through a broadcast would cut that traffic.
  public static func load(directory: URL, communicator: any Communicator) throws
    -> LoadedCheckpoint
  {
    var opened: CheckpointReader?
    try CollectiveOutcome.agree(communicator) {
      let reader = try CheckpointReader(directory: directory)
      let shards = reader.manifest.shards.indices
      for shard in stride(from: communicator.rank, to: shards.count, by: communicator.size) {
        _ = try reader.contents(ofShard: shard, verifying: true)
      }
      opened = reader
    }
    var tensors: [NamedTensor] = []
    try CollectiveOutcome.agree(communicator) {
      tensors = try opened!.tensors(verifying: false)
    }
    return LoadedCheckpoint(
      state: opened!.state(tensors: tensors), directory: directory,
      worldSizeAtSave: opened!.manifest.worldSize, skipped: [])
  }

  /// Loads the newest complete checkpoint of the run that loads cleanly, falling back to
  /// older ones past any that fail (each recorded in `skipped` for the caller to warn about).
  /// Returns nil when there is no complete checkpoint; throws
  /// `CheckpointError.noUsableCheckpoint` when there are some but none loads.
  ///
  /// Collective: rank 0 lists the checkpoints and every rank tries the same ones in turn.
  public static func loadNewest(runDirectory: URL, communicator: any Communicator) throws
    -> LoadedCheckpoint?
  {
    let checkpoints = CheckpointDirectory(runDirectory: runDirectory)
    let listing = try CollectiveOutcome.onRankZero(communicator) {
      Array(try checkpoints.completeCheckpoints().map(\.name).joined(separator: "\n").utf8)
    }
    let names = String(decoding: listing, as: UTF8.self).split(separator: "\n").map(String.init)
    guard !names.isEmpty else { return nil }
    var skipped: [String] = []
    for name in names {
      let directory = checkpoints.url.appendingPathComponent(name, isDirectory: true)
      do {
        var loaded = try load(directory: directory, communicator: communicator)
        loaded.skipped = skipped
        return loaded
      } catch CheckpointError.rankFailed(_, let message, _) {
        skipped.append("\(name) skipped: \(message)")
      }
    }
    throw CheckpointError.noUsableCheckpoint(
      directory: checkpoints.url.path, failures: skipped)
  }
}

/// Which checkpoint to load.
public enum CheckpointSource: Sendable, Equatable {
  /// The checkpoint in this directory (`RUN/checkpoints/step-NNNNNNNN`).
  case directory(URL)
  /// The newest complete checkpoint of the run in this directory that loads cleanly.
  case newest(runDirectory: URL)

  /// `auto` means `.newest(runDirectory:)`; anything else is a checkpoint directory's path.
  public init(argument: String, runDirectory: URL) {
    self =
      argument == "auto"
      ? .newest(runDirectory: runDirectory)
      : .directory(URL(fileURLWithPath: argument, isDirectory: true))
  }
}

/// A loaded checkpoint, the same on every rank.
public struct LoadedCheckpoint: Sendable {
  /// The whole state, as saved.
  public var state: TrainingState
  /// The directory it was loaded from.
  public var directory: URL
  /// How many ranks saved it.
  public var worldSizeAtSave: Int
  /// Newer checkpoints that were skipped because they failed to load, each with the reason;
  /// the caller reports them as warnings.
  public var skipped: [String]
}

extension Data {
  var byteArray: [UInt8] { [UInt8](self) }
}
