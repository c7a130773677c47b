import Foundation

/// Read-only views of checkpoints for people and tools: listings, summaries, verification.
/// They run in one process and throw the typed error of the first problem they cannot report.
public enum CheckpointInspection {
  /// Every checkpoint-like directory of the run, oldest first, with what its manifest says.
  public static func list(runDirectory: URL) throws -> [CheckpointListing] {
    let checkpoints = CheckpointDirectory(runDirectory: runDirectory)
    let latest = checkpoints.latestName()
    return try checkpoints.entries().map { entry in
      var manifest: CheckpointManifest?
      var problem: String?
      if entry.isComplete {
        do {
          manifest = try CheckpointManifest.read(directory: entry.url)
        } catch {
          problem = "\(error)"
        }
      } else {
        problem = "partial: no manifest, ignored"
      }
      return CheckpointListing(
        entry: entry, manifest: manifest, bytesOnDisk: diskUsage(entry.url),
        isLatest: entry.name == latest, problem: problem)
    }
  }

  /// Checks every shard of the checkpoint in `directory` (size, CRC-32C, header against the
  /// manifest) and returns one result per shard; throws only when the manifest itself is
  /// missing or invalid.
  public static func verify(directory: URL) throws -> [ShardVerification] {
    let directory = CheckpointDirectory.resolvingLatest(directory)
    let manifest = try CheckpointManifest.read(directory: directory)
    let reader = CheckpointReader(uncheckedDirectory: directory, manifest: manifest)
    return manifest.shards.indices.map { shard in
      var problem: String?
      do {
        let contents = try reader.contents(ofShard: shard, verifying: true)
        _ = try reader.header(of: contents, shard: shard)
      } catch {
        problem = "\(error)"
      }
      return ShardVerification(
        file: manifest.shards[shard].file, byteCount: manifest.shards[shard].byteCount,
        problem: problem)
    }
  }

  /// Tensor counts and bytes per group: the network (first name component) for parameters,
  /// `optimizer.NAME` for optimizer state; sorted by group name.
  public static func groups(of manifest: CheckpointManifest) -> [TensorGroup] {
    var groups: [String: TensorGroup] = [:]
    for tensor in manifest.tensors {
      let components = tensor.name.split(separator: ".", maxSplits: 2)
      let key =
        TrainingState.isParameter(tensor.name)
        ? String(components[0]) : components.prefix(2).joined(separator: ".")
      var group = groups[key] ?? TensorGroup(name: key, tensorCount: 0, byteCount: 0)
      group.tensorCount += 1
      group.byteCount += tensor.byteRange[1] - tensor.byteRange[0]
      groups[key] = group
    }
    return groups.values.sorted { $0.name < $1.name }
  }

  /// The bytes of the regular files directly in `directory` (a checkpoint has no subfolders).
  static func diskUsage(_ directory: URL) -> Int {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
    return names.reduce(0) { total, name in
      let size = try? DurableFiles.regularFileSize(directory.appendingPathComponent(name))
      return total + (size ?? 0)
    }
  }
}

/// One line of `disttrain checkpoint list`.
public struct CheckpointListing: Sendable {
  /// The directory and whether it is complete.
  public let entry: CheckpointDirectoryEntry
  /// The manifest, when complete and readable.
  public let manifest: CheckpointManifest?
  /// The size of its files.
  public let bytesOnDisk: Int
  /// Whether `latest` names it.
  public let isLatest: Bool
  /// Why it does not count (partial, or an unreadable manifest), nil when it does.
  public let problem: String?
}

/// The outcome of checking one shard.
public struct ShardVerification: Sendable, Equatable {
  /// The shard's file name.
  public let file: String
  /// Its size as the manifest records it.
  public let byteCount: Int
  /// What is wrong with it, nil when it is intact.
  public let problem: String?
}

/// The tensors of one network or optimizer in a checkpoint.
public struct TensorGroup: Sendable, Equatable {
  /// `encoder`, `recognizer`, `optimizer.generator`, ...
  public let name: String
  /// How many tensors.
  public var tensorCount: Int
  /// Their size in bytes.
  public var byteCount: Int
}

extension CheckpointReader {
  /// A reader for a manifest already read, without checking shard sizes up front, so that each
  /// shard's problems are reported separately.
  init(uncheckedDirectory directory: URL, manifest: CheckpointManifest) {
    self.directory = directory
    self.manifest = manifest
  }
}
