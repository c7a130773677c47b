import Collective
import Foundation
import Model

/// The collective save of one checkpoint; see `Checkpoint.save` for the protocol.
struct CheckpointWriter {
  let state: TrainingState
  let checkpoints: CheckpointDirectory
  let communicator: any Communicator

  /// The tensors of each shard, as indices into `state.tensors`, in the state's order.
  let shardMembers: [[Int]]

  init(state: TrainingState, checkpoints: CheckpointDirectory, communicator: any Communicator) {
    self.state = state
    self.checkpoints = checkpoints
    self.communicator = communicator
    let assignment = ShardLayout.assign(
      byteCounts: state.tensors.map(\.byteCount), shardCount: communicator.size)
    var members = [[Int]](repeating: [], count: communicator.size)
    for (index, shard) in assignment.enumerated() { members[shard].append(index) }
    shardMembers = members
  }

  var finalName: String { CheckpointDirectory.name(step: state.globalStep) }
  var finalDirectory: URL { checkpoints.directory(step: state.globalStep) }
  var partialDirectory: URL {
    checkpoints.url.appendingPathComponent(
      finalName + CheckpointDirectory.partialSuffix, isDirectory: true)
  }

  /// Throws unless the state can be saved: valid unique names, non-negative positions and
  /// finite settings.
  func validateState() throws {
    var names = Set<String>()
    for name in state.tensors.map(\.name) + state.scalars.keys.sorted() {
      do {
        try CheckpointManifest.validateName(name, file: "the training state")
      } catch {
        throw CheckpointError.invalidState("\(error)")
      }
      guard names.insert(name).inserted else {
        throw CheckpointError.invalidState("'\(name)' is given twice")
      }
    }
    guard state.globalStep >= 0, state.epoch >= 0, state.sampler.epoch >= 0,
      state.sampler.stepInEpoch >= 0
    else { throw CheckpointError.invalidState("a step or epoch is negative") }
    for (key, value) in state.configuration {
      if case .number(let number) = value, !number.isFinite {
        throw CheckpointError.invalidState("setting '\(key)' is \(number), which JSON cannot hold")
      }
    }
  }

  /// Rank 0: an empty `.partial` directory for this step, replacing one an interrupted save
  /// of the same step left behind.
  func preparePartialDirectory() throws {
    try DurableFiles.makeDirectory(checkpoints.url)
    try DurableFiles.remove(partialDirectory)
    try DurableFiles.makeDirectory(partialDirectory)
    try DurableFiles.synchronize(directory: checkpoints.url)
  }

  /// Writes this rank's shard into the partial directory, synchronizes it and the directory,
  /// and returns its size and CRC-32C, read back from the file as stored.
  func writeShard() throws -> ShardReport {
    let rank = communicator.rank
    let name = ShardLayout.shardName(rank: rank, worldSize: communicator.size)
    let url = partialDirectory.appendingPathComponent(name)
    do {
      try SafeTensorsWriter.write(shardTensors(rank), to: url, synchronize: true)
    } catch let error as SafeTensorsError {
      throw CheckpointError.invalidShard(error)
    }
    try DurableFiles.synchronize(directory: partialDirectory)
    let contents = try ShardContents(url: url)
    return ShardReport(byteCount: contents.data.count, checksum: contents.checksum())
  }

  /// The tensors of the shard of `rank`, sharing the state's storage.
  private func shardTensors(_ rank: Int) -> [SafeTensorsTensor] {
    shardMembers[rank].map { index in
      let tensor = state.tensors[index]
      return SafeTensorsTensor(name: tensor.name, shape: tensor.shape, floats: tensor.values)
    }
  }

  /// The manifest for the shards the ranks reported, with every tensor's absolute byte range.
  func manifest(reports: [ShardReport]) throws -> CheckpointManifest {
    let worldSize = communicator.size
    var records = [TensorRecord?](repeating: nil, count: state.tensors.count)
    for (rank, members) in shardMembers.enumerated() {
      let file = ShardLayout.shardName(rank: rank, worldSize: worldSize)
      var offset =
        try 8
        + SafeTensorsWriter.encodedHeader(
          shardTensors(rank), metadata: [:], file: file
        ).count
      for index in members {
        let bytes = state.tensors[index].byteCount
        records[index] = TensorRecord(
          name: state.tensors[index].name, shard: file, shape: state.tensors[index].shape,
          byteRange: offset..<offset + bytes)
        offset += bytes
      }
    }
    let shards = reports.enumerated().map { rank, report in
      ShardRecord(
        file: ShardLayout.shardName(rank: rank, worldSize: worldSize),
        byteCount: report.byteCount, crc32c: report.checksum)
    }
    return CheckpointManifest(
      format: CheckpointManifest.formatName, formatVersion: CheckpointManifest.formatVersion,
      globalStep: state.globalStep, epoch: state.epoch, sampler: state.sampler,
      worldSize: worldSize, configuration: state.configuration, scalars: state.scalars,
      shards: shards, tensors: records.map { $0! })
  }

  /// Rank 0, once every shard is durable: writes the manifest, which makes the checkpoint
  /// complete, moves it to its final name, points `latest` at it, and prunes old checkpoints.
  func publish(reports: [ShardReport], keep: Int?) throws -> SavedCheckpoint {
    let manifest = try manifest(reports: reports)
    let manifestURL = partialDirectory.appendingPathComponent(CheckpointManifest.fileName)
    try DurableFiles.write(try manifest.encoded(), to: manifestURL)
    try DurableFiles.synchronize(directory: partialDirectory)
    try moveIntoPlace()
    try checkpoints.setLatest(finalName)
    var pruned: [String] = []
    var warnings: [String] = []
    if let keep {
      do {
        pruned = try checkpoints.prune(keep: keep, protected: finalName)
      } catch {
        warnings.append("pruning old checkpoints: \(error)")
      }
    }
    return SavedCheckpoint(
      directory: finalDirectory, shardBytes: manifest.shardBytes, pruned: pruned,
      warnings: warnings)
  }

  /// Renames the partial directory to the final name. A checkpoint already there (the same
  /// step saved again) is first moved aside and removed only after the new one is in place.
  private func moveIntoPlace() throws {
    let fileManager = FileManager.default
    let aside = checkpoints.url.appendingPathComponent(finalName + ".replaced")
    let replacing = fileManager.fileExists(atPath: finalDirectory.path)
    if replacing {
      try DurableFiles.remove(aside)
      try DurableFiles.rename(finalDirectory, to: aside)
    }
    try DurableFiles.rename(partialDirectory, to: finalDirectory)
    try DurableFiles.synchronize(directory: checkpoints.url)
    if replacing { try DurableFiles.remove(aside) }
  }
}

/// What one rank tells the others about the shard it wrote.
struct ShardReport: Codable, Equatable {
  var byteCount: Int
  var checksum: UInt32
}

/// The result of a save, the same on every rank.
public struct SavedCheckpoint: Sendable, Codable, Equatable {
  /// The checkpoint's directory, `RUN/checkpoints/step-NNNNNNNN`.
  public var directory: URL
  /// The size of all shards in bytes.
  public var shardBytes: Int
  /// The names of the older checkpoints removed by pruning.
  public var pruned: [String]
  /// Problems that did not stop the save (a checkpoint that could not be pruned).
  public var warnings: [String]
}
