import Foundation
import Model

extension CheckpointManifest {
  /// Reads and validates the manifest of the checkpoint in `directory`.
  ///
  /// The manifest is treated as untrusted: its size is bounded before it is read, it must be a
  /// regular file (not a link to elsewhere), and `validate` bounds everything a loader later
  /// relies on.
  public static func read(directory: URL) throws -> CheckpointManifest {
    let url = directory.appendingPathComponent(fileName)
    guard FileManager.default.fileExists(atPath: url.path) else {
      throw CheckpointError.missingManifest(directory: directory.path)
    }
    let size = try DurableFiles.regularFileSize(url)
    guard size <= sizeLimit else {
      throw CheckpointError.manifestTooLarge(file: url.path, size: size, limit: sizeLimit)
    }
    let data: Data
    do {
      data = try Data(contentsOf: url)
    } catch {
      throw CheckpointError.unreadable(file: url.path, reason: error.localizedDescription)
    }
    return try decode(data, file: url.path)
  }

  /// Decodes and validates manifest JSON; `file` names it in errors.
  public static func decode(_ data: Data, file: String) throws -> CheckpointManifest {
    guard data.count <= sizeLimit else {
      throw CheckpointError.manifestTooLarge(file: file, size: data.count, limit: sizeLimit)
    }
    let manifest: CheckpointManifest
    do {
      manifest = try JSONDecoder().decode(CheckpointManifest.self, from: data)
    } catch {
      throw CheckpointError.malformedManifest(
        file: file, reason: "not JSON of the checkpoint layout (\(decodingProblem(error)))")
    }
    try manifest.validate(file: file)
    return manifest
  }

  /// Throws unless the manifest is self-consistent: known format, one canonically named shard
  /// per rank, valid unique names, and every tensor a float32 whose byte range fits its shape,
  /// lies inside its shard's recorded size and overlaps no other tensor.
  public func validate(file: String) throws {
    func malformed(_ reason: String) -> CheckpointError {
      .malformedManifest(file: file, reason: reason)
    }
    guard format == Self.formatName else { throw malformed("format is '\(format)'") }
    guard formatVersion == Self.formatVersion else {
      throw CheckpointError.unsupportedVersion(file: file, version: formatVersion)
    }
    guard globalStep >= 0, epoch >= 0, sampler.epoch >= 0, sampler.stepInEpoch >= 0 else {
      throw malformed("a step or epoch is negative")
    }
    guard worldSize >= 1, shards.count == worldSize else {
      throw malformed("\(shards.count) shards for a world size of \(worldSize)")
    }
    let shardIndex = try validateShards(file: file)
    for name in scalars.keys { try Self.validateName(name, file: file) }
    try validateTensors(shardIndex: shardIndex, file: file)
  }

  /// Checks every shard record and returns the shard index of every file name.
  private func validateShards(file: String) throws -> [String: Int] {
    var index: [String: Int] = [:]
    for (rank, shard) in shards.enumerated() {
      guard let parsed = ShardLayout.parseShardName(shard.file) else {
        throw CheckpointError.unsafeShardName(file: file, name: shard.file)
      }
      guard parsed == (rank, worldSize) else {
        throw CheckpointError.malformedManifest(
          file: file, reason: "shard \(rank) of \(worldSize) is called \(shard.file)")
      }
      guard shard.byteCount >= 0, shard.checksum != nil else {
        throw CheckpointError.malformedManifest(
          file: file, reason: "shard \(shard.file) has a negative size or a bad checksum")
      }
      index[shard.file] = rank
    }
    return index
  }

  /// Checks every tensor record against its shard and the others.
  private func validateTensors(shardIndex: [String: Int], file: String) throws {
    var names = Set<String>()
    var rangesByShard = [[(range: Range<Int>, name: String)]](repeating: [], count: worldSize)
    for tensor in tensors {
      try Self.validateName(tensor.name, file: file)
      guard names.insert(tensor.name).inserted else {
        throw CheckpointError.malformedManifest(
          file: file, reason: "tensor '\(tensor.name)' is listed twice")
      }
      guard let shard = shardIndex[tensor.shard] else {
        if ShardLayout.parseShardName(tensor.shard) == nil {
          throw CheckpointError.unsafeShardName(file: file, name: tensor.shard)
        }
        throw CheckpointError.malformedManifest(
          file: file, reason: "tensor '\(tensor.name)' is in \(tensor.shard), not a listed shard")
      }
      let range = try tensor.validatedRange(shardBytes: shards[shard].byteCount, file: file)
      rangesByShard[shard].append((range, tensor.name))
    }
    for ranges in rangesByShard { try Self.checkDisjoint(ranges, file: file) }
  }

  /// Throws unless `name` is a valid dotted tensor name (see `SafeTensorsName.validate`):
  /// printable, no path separators, no empty or `..` components, bounded length.
  static func validateName(_ name: String, file: String) throws {
    do {
      try SafeTensorsName.validate(name)
    } catch SafeTensorsError.invalidName(_, let reason) {
      throw CheckpointError.invalidName(file: file, name: name, reason: reason)
    }
  }

  private static func checkDisjoint(_ ranges: [(range: Range<Int>, name: String)], file: String)
    throws
  {
    let sorted = ranges.filter { !$0.range.isEmpty }.sorted {
      $0.range.lowerBound < $1.range.lowerBound
    }
    for (previous, next) in zip(sorted, sorted.dropFirst())
    where next.range.lowerBound < previous.range.upperBound {
      throw CheckpointError.overlappingTensors(file: file, first: previous.name, second: next.name)
    }
  }

  private static func decodingProblem(_ error: Error) -> String {
    switch error {
    case DecodingError.keyNotFound(let key, _): return "'\(key.stringValue)' is missing"
    case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context),
      DecodingError.dataCorrupted(let context):
      let path = context.codingPath.map(\.stringValue).joined(separator: ".")
      return path.isEmpty ? context.debugDescription : "at '\(path)'"
    default: return "\(error)"
    }
  }
}

extension TensorRecord {
  /// The byte range, checked: F32, a shape whose byte size does not overflow and equals the
  /// range's length, and a range inside a shard of `shardBytes` bytes.
  func validatedRange(shardBytes: Int, file: String) throws -> Range<Int> {
    guard dtype == SafeTensorsDataType.float32.rawValue else {
      throw CheckpointError.malformedManifest(
        file: file, reason: "tensor '\(name)' has data type '\(dtype)', not F32")
    }
    guard byteRange.count == 2 else {
      throw CheckpointError.malformedManifest(
        file: file, reason: "tensor '\(name)' has a byte range of \(byteRange.count) numbers")
    }
    let (begin, end) = (byteRange[0], byteRange[1])
    func invalid(_ reason: String) -> CheckpointError {
      .invalidByteRange(file: file, tensor: name, begin: begin, end: end, reason: reason)
    }
    guard let bytes = Self.byteCount(shape: shape) else {
      throw invalid("shape \(shape) is negative or too large")
    }
    guard begin >= 0, end >= begin else { throw invalid("the range is reversed") }
    guard end <= shardBytes else {
      throw invalid("the range ends past the \(shardBytes)-byte shard")
    }
    guard end - begin == bytes else {
      throw invalid("shape \(shape) needs \(bytes) bytes, not \(end - begin)")
    }
    return begin..<end
  }

  /// The size of a float32 tensor of `shape` in bytes, nil when negative or overflowing.
  static func byteCount(shape: [Int]) -> Int? {
    var count = MemoryLayout<Float>.size
    for dimension in shape {
      guard dimension >= 0 else { return nil }
      let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
      guard !overflow else { return nil }
      count = product
    }
    return count
  }
}
