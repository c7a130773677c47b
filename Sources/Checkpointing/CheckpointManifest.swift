import Foundation
import Model

/// The contents of `manifest.json`: what a checkpoint holds and where each byte of it lies.
///
/// A checkpoint directory counts only once its manifest exists, and the manifest is written
/// after every shard has been written and synchronized, so its presence means the shards were
/// complete. The JSON keys are snake_case; byte ranges are absolute offsets into the shard
/// file, so a reader in any language can fetch a tensor with one seek.
public struct CheckpointManifest: Codable, Sendable, Equatable {
  /// The value of `format` in every manifest.
  public static let formatName = "fesgan-checkpoint"
  /// The layout version this program writes and reads.
  public static let formatVersion = 1
  /// The manifest's file name inside a checkpoint directory.
  public static let fileName = "manifest.json"
  /// The largest manifest accepted. A state of a few thousand tensors needs well under a
  /// megabyte; the bound keeps a forged file from making the reader allocate without limit.
  public static let sizeLimit = 64 << 20

  /// Always `formatName`.
  public var format: String
  /// The layout version, `formatVersion` when written by this program.
  public var formatVersion: Int
  /// `TrainingState.globalStep`.
  public var globalStep: Int
  /// `TrainingState.epoch`.
  public var epoch: Int
  /// `TrainingState.sampler`.
  public var sampler: SamplerPosition
  /// The number of ranks that saved the checkpoint, which is also the number of shards.
  public var worldSize: Int
  /// `TrainingState.configuration`.
  public var configuration: [String: ConfigurationValue]
  /// `TrainingState.scalars`.
  public var scalars: [String: Int]
  /// One record per shard, in rank order.
  public var shards: [ShardRecord]
  /// One record per tensor, in the state's order.
  public var tensors: [TensorRecord]

  enum CodingKeys: String, CodingKey {
    case format, epoch, sampler, configuration, scalars, shards, tensors
    case formatVersion = "format_version"
    case globalStep = "global_step"
    case worldSize = "world_size"
  }

  /// The total size of the shards in bytes.
  public var shardBytes: Int { shards.reduce(0) { $0 + $1.byteCount } }

  /// The names and shapes of the tensors, in order.
  public var signatures: [TensorSignature] {
    tensors.map { TensorSignature(name: $0.name, shape: $0.shape) }
  }

  /// The manifest as pretty-printed JSON with sorted keys, ending in a newline.
  public func encoded() throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return try encoder.encode(self) + Data("\n".utf8)
  }

  /// `value` as eight lowercase hexadecimal digits, the way checksums are written.
  public static func hex(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: 8 - digits.count) + digits
  }
}

/// One shard of a checkpoint, as the manifest records it.
public struct ShardRecord: Codable, Sendable, Equatable {
  /// The file name, `ShardLayout.shardName(rank:worldSize:)` of the rank that wrote it.
  public var file: String
  /// The file's size in bytes.
  public var byteCount: Int
  /// The CRC-32C of the whole file, as eight hexadecimal digits.
  public var crc32c: String

  /// A record.
  public init(file: String, byteCount: Int, crc32c: UInt32) {
    self.file = file
    self.byteCount = byteCount
    self.crc32c = CheckpointManifest.hex(crc32c)
  }

  /// The checksum as a number, nil when the text is not eight hexadecimal digits.
  public var checksum: UInt32? {
    guard crc32c.utf8.count == 8 else { return nil }
    return UInt32(crc32c, radix: 16)
  }

  enum CodingKeys: String, CodingKey {
    case file, crc32c
    case byteCount = "bytes"
  }
}

/// One tensor of a checkpoint, as the manifest records it.
public struct TensorRecord: Codable, Sendable, Equatable {
  /// The dotted name.
  public var name: String
  /// The file name of the shard holding it.
  public var shard: String
  /// The safetensors element type; always `F32`.
  public var dtype: String
  /// The dimensions, outermost first.
  public var shape: [Int]
  /// `[begin, end)`: the tensor's bytes as absolute offsets into the shard file.
  public var byteRange: [Int]

  /// A record.
  public init(name: String, shard: String, shape: [Int], byteRange: Range<Int>) {
    self.name = name
    self.shard = shard
    self.dtype = SafeTensorsDataType.float32.rawValue
    self.shape = shape
    self.byteRange = [byteRange.lowerBound, byteRange.upperBound]
  }

  enum CodingKeys: String, CodingKey {
    case name, shard, dtype, shape
    case byteRange = "byte_range"
  }
}
