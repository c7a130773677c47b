import Foundation
import Model

/// One checkpoint opened for reading: its validated manifest and access to its shards.
///
/// Nothing from the manifest is trusted before it is checked: the manifest is bounded and
/// validated when opened, every shard's size on disk must equal the recorded size before any
/// of it is read (so every later allocation is bounded by real file sizes), and each shard's
/// own safetensors header must describe every tensor exactly as the manifest does.
struct CheckpointReader {
  /// The checkpoint directory.
  let directory: URL
  /// The validated manifest.
  let manifest: CheckpointManifest

  /// Opens the checkpoint in `directory` and checks every shard's size on disk.
  /// `RUN/checkpoints/latest` stands for the checkpoint that file names.
  init(directory: URL) throws {
    self.directory = CheckpointDirectory.resolvingLatest(directory)
    manifest = try CheckpointManifest.read(directory: self.directory)
    for shard in manifest.shards.indices {
      let actual = try DurableFiles.regularFileSize(url(ofShard: shard))
      guard actual == manifest.shards[shard].byteCount else {
        throw CheckpointError.shardSizeMismatch(
          file: url(ofShard: shard).path, expected: manifest.shards[shard].byteCount,
          actual: actual)
      }
    }
  }

  /// The file of shard `index`; its name was checked to be a plain canonical file name.
  func url(ofShard index: Int) -> URL {
    directory.appendingPathComponent(manifest.shards[index].file)
  }

  /// Maps shard `index` and, when `verifying`, checks its CRC-32C against the manifest.
  func contents(ofShard index: Int, verifying: Bool) throws -> ShardContents {
    let contents = try ShardContents(url: url(ofShard: index))
    let record = manifest.shards[index]
    guard contents.data.count == record.byteCount else {
      throw CheckpointError.shardSizeMismatch(
        file: contents.url.path, expected: record.byteCount, actual: contents.data.count)
    }
    if verifying {
      let actual = contents.checksum()
      guard actual == record.checksum else {
        throw CheckpointError.checksumMismatch(
          file: contents.url.path, expected: record.checksum ?? 0, actual: actual)
      }
    }
    return contents
  }

  /// Shard `index`'s safetensors header, checked against the manifest's records of the same
  /// shard: the same tensors, each F32 with the same shape at the same absolute bytes.
  func header(of contents: ShardContents, shard index: Int) throws -> SafeTensorsFile {
    let file: SafeTensorsFile
    do {
      file = try SafeTensorsFile(data: contents.data, name: contents.url.path)
    } catch let error as SafeTensorsError {
      throw CheckpointError.invalidShard(error)
    }
    let records = manifest.tensors.filter { $0.shard == manifest.shards[index].file }
    guard file.entries.count == records.count else {
      throw CheckpointError.headerMismatch(
        file: contents.url.path, tensor: "*",
        reason: "\(file.entries.count) tensors in the shard, \(records.count) in the manifest")
    }
    for record in records {
      try Self.match(record, file, dataStart: contents.dataStart, path: contents.url.path)
    }
    return file
  }

  private static func match(
    _ record: TensorRecord, _ file: SafeTensorsFile, dataStart: Int, path: String
  ) throws {
    func mismatch(_ reason: String) -> CheckpointError {
      .headerMismatch(file: path, tensor: record.name, reason: reason)
    }
    guard file.contains(record.name) else { throw mismatch("present in only one") }
    let entry = try file.entry(record.name)
    guard entry.dataType == .float32 else { throw mismatch("different data types") }
    guard entry.shape == record.shape else { throw mismatch("different shapes") }
    let begin = dataStart + entry.byteRange.lowerBound
    guard [begin, begin + entry.byteRange.count] == record.byteRange else {
      throw mismatch("different byte ranges")
    }
  }

  /// The tensors of shard `index` whose names pass `including`, by name.
  func tensors(ofShard index: Int, verifying: Bool, including: (String) -> Bool) throws
    -> [String: NamedTensor]
  {
    let contents = try contents(ofShard: index, verifying: verifying)
    let file = try header(of: contents, shard: index)
    var result: [String: NamedTensor] = [:]
    for entry in file.entries where including(entry.name) {
      let values: [Float]
      do {
        values = try file.floats(entry.name)
      } catch let error as SafeTensorsError {
        throw CheckpointError.invalidShard(error)
      }
      result[entry.name] = NamedTensor(name: entry.name, shape: entry.shape, values: values)
    }
    return result
  }

  /// Every tensor whose name passes `including`, in the manifest's order.
  func tensors(verifying: Bool, including: (String) -> Bool = { _ in true }) throws
    -> [NamedTensor]
  {
    var byName: [String: NamedTensor] = [:]
    for shard in manifest.shards.indices {
      byName.merge(
        try tensors(ofShard: shard, verifying: verifying, including: including),
        uniquingKeysWith: { first, _ in first })
    }
    return manifest.tensors.compactMap { byName[$0.name] }
  }

  /// The training state made of `tensors` and the manifest's counters and position.
  func state(tensors: [NamedTensor]) -> TrainingState {
    TrainingState(
      tensors: tensors, scalars: manifest.scalars, globalStep: manifest.globalStep,
      epoch: manifest.epoch, sampler: manifest.sampler, configuration: manifest.configuration)
  }
}

/// The bytes of one shard file, memory-mapped so that only what is read is paged in.
struct ShardContents {
  /// The shard file.
  let url: URL
  /// Its contents.
  let data: Data

  /// Maps `url`, which must be a regular file.
  init(url: URL) throws {
    _ = try DurableFiles.regularFileSize(url)
    self.url = url
    do {
      data = try Data(contentsOf: url, options: [.alwaysMapped])
    } catch {
      throw CheckpointError.unreadable(file: url.path, reason: error.localizedDescription)
    }
  }

  /// The CRC-32C of the whole file.
  func checksum() -> UInt32 {
    data.withUnsafeBytes { CRC32C.checksum($0) }
  }

  /// The offset of the data buffer: after the 8-byte header length and the header. Only
  /// meaningful once `SafeTensorsFile` has validated the header length against the file.
  var dataStart: Int {
    data.withUnsafeBytes {
      8 + Int(UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: 0, as: UInt64.self)))
    }
  }
}
