import Collective
import Model

/// What can go wrong saving, loading or checking a checkpoint.
///
/// Every message names the file or directory at fault and ends with what to do about it.
public enum CheckpointError: Error, CustomStringConvertible {
  /// A file or directory could not be read (`reason` is the system's message).
  case unreadable(file: String, reason: String)
  /// A file or directory could not be created, written, synchronized or renamed.
  case unwritable(file: String, reason: String)
  /// `directory` is not a complete checkpoint: it has no manifest.
  case missingManifest(directory: String)
  /// The manifest is larger than any real manifest; it is not to be trusted.
  case manifestTooLarge(file: String, size: Int, limit: Int)
  /// The manifest is not JSON, not of the checkpoint layout, or inconsistent.
  case malformedManifest(file: String, reason: String)
  /// The manifest is of a layout version this program does not read.
  case unsupportedVersion(file: String, version: Int)
  /// A shard file name in the manifest is not exactly `shard-RRRRR-of-WWWWW.safetensors`.
  case unsafeShardName(file: String, name: String)
  /// A tensor or counter name in the manifest or the state is unusable.
  case invalidName(file: String, name: String, reason: String)
  /// A shard's size on disk differs from the size the manifest records.
  case shardSizeMismatch(file: String, expected: Int, actual: Int)
  /// A shard's CRC-32C differs from the manifest's: the file changed after it was written.
  case checksumMismatch(file: String, expected: UInt32, actual: UInt32)
  /// A tensor's byte range lies outside its shard, is reversed, or disagrees with its shape.
  case invalidByteRange(file: String, tensor: String, begin: Int, end: Int, reason: String)
  /// Two tensors of one shard share bytes.
  case overlappingTensors(file: String, first: String, second: String)
  /// The manifest and the shard's own header describe a tensor differently.
  case headerMismatch(file: String, tensor: String, reason: String)
  /// A shard is not a valid safetensors file.
  case invalidShard(SafeTensorsError)
  /// The state handed to `save` cannot be saved (duplicate or invalid names, bad shapes).
  case invalidState(String)
  /// A rank failed during a collective save or load; every rank raises this together.
  /// `cause` is the original error on the rank that failed, nil on the others.
  case rankFailed(rank: Int, message: String, cause: Error?)
  /// No complete checkpoint exists under the run directory.
  case noCheckpoint(directory: String)
  /// Every complete checkpoint under the run directory failed to load; `failures` says why.
  case noUsableCheckpoint(directory: String, failures: [String])
  /// The checkpoint does not fit the model or configuration it is resumed into.
  case incompatible([CheckpointDifference])

  /// A one-line message (several lines for a list of differences) that says what to do.
  public var description: String {
    switch self {
    case .unreadable(let file, let reason):
      return "\(file): cannot read (\(reason)); check the path and its permissions"
    case .unwritable(let file, let reason):
      return "\(file): cannot write (\(reason)); check the directory, its permissions and"
        + " free space"
    case .missingManifest(let directory):
      return "\(directory): no manifest.json, so this is not a complete checkpoint; it was"
        + " interrupted while saving, use an earlier checkpoint"
    case .manifestTooLarge(let file, let size, let limit):
      return "\(file): \(size) bytes exceeds the \(limit)-byte limit for a manifest; the file"
        + " is not a checkpoint manifest, use another checkpoint"
    case .malformedManifest(let file, let reason):
      return "\(file): \(reason); the manifest is corrupt, use another checkpoint"
    case .unsupportedVersion(let file, let version):
      return "\(file): layout version \(version) is not one this program reads"
        + " (\(CheckpointManifest.formatVersion)); use the program that wrote it"
    case .unsafeShardName(let file, let name):
      return "\(file): shard name '\(name)' is not of the form"
        + " shard-RRRRR-of-WWWWW.safetensors; the manifest is corrupt or forged, do not use it"
    case .invalidName(let file, let name, let reason):
      return "\(file): name '\(name)' is invalid: \(reason); the names must be dotted"
        + " parameter names"
    case .shardSizeMismatch(let file, let expected, let actual):
      return "\(file): \(actual) bytes on disk but \(expected) recorded in the manifest; the"
        + " shard is truncated or was replaced, use another checkpoint"
    case .checksumMismatch(let file, let expected, let actual):
      return "\(file): CRC-32C is \(hex(actual)) but the manifest records \(hex(expected));"
        + " the shard is corrupt, use another checkpoint"
    case .invalidByteRange(let file, let tensor, let begin, let end, let reason):
      return "\(file): tensor '\(tensor)' at bytes \(begin)..<\(end): \(reason); the manifest"
        + " is corrupt, use another checkpoint"
    case .overlappingTensors(let file, let first, let second):
      return "\(file): tensors '\(first)' and '\(second)' share bytes; the manifest is corrupt,"
        + " use another checkpoint"
    case .headerMismatch(let file, let tensor, let reason):
      return "\(file): tensor '\(tensor)': \(reason) between the manifest and the shard; use"
        + " another checkpoint"
    case .invalidShard(let error):
      return "\(error); use another checkpoint"
    case .invalidState(let reason):
      return "cannot save the training state: \(reason); every tensor needs a unique valid name"
    case .rankFailed(let rank, let message, _):
      return "rank \(rank): \(message)"
    case .noCheckpoint(let directory):
      return "\(directory): no complete checkpoint; check the run directory or start afresh"
    case .noUsableCheckpoint(let directory, let failures):
      return "\(directory): no checkpoint could be loaded:\n  "
        + failures.joined(separator: "\n  ")
    case .incompatible(let differences):
      return "the checkpoint does not fit this run:\n  "
        + differences.map(\.description).joined(separator: "\n  ")
    }
  }

  private func hex(_ value: UInt32) -> String { CheckpointManifest.hex(value) }
}

extension CheckpointError: CollectiveFailure {
  /// Collective failures are agreed on by all ranks before anyone throws; the others are local.
  public var isRaisedOnEveryRank: Bool {
    if case .rankFailed = self { return true }
    return false
  }
}
