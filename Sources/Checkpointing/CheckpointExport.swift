import Foundation
import Model

/// Which parameters `CheckpointExport` writes: one network, the generator (encoder and
/// decoder), or every parameter.
public enum ExportedNetwork: String, Sendable, CaseIterable {
  /// The expression recognizer, `recognizer.*`.
  case recognizer
  /// The encoder and the decoder, `encoder.*` and `decoder.*`.
  case generator
  /// `encoder.*`.
  case encoder
  /// `decoder.*`.
  case decoder
  /// `image_critic.*`.
  case imageCritic = "image_critic"
  /// `latent_critic.*`.
  case latentCritic = "latent_critic"
  /// Every parameter (everything but optimizer state).
  case all

  /// Whether the tensor called `name` belongs to the export.
  public func includes(_ name: String) -> Bool {
    guard TrainingState.isParameter(name) else { return false }
    switch self {
    case .all: return true
    case .generator: return name.hasPrefix("encoder.") || name.hasPrefix("decoder.")
    default: return name.hasPrefix(rawValue + ".")
    }
  }
}

/// Writes the parameters of a checkpoint as one safetensors file under the reference
/// implementation's names, without optimizer state, for use outside this program.
///
/// An export of `all` loads into the PyTorch reference (`fesgan_ref.py`) with `strict=True`:
///
///     from safetensors.torch import load_file
///     m = FESGAN(cfg, identity=False)  # identity=True when the file has identity.* tensors
///     m.load_state_dict(load_file("model.safetensors"), strict=True)
///
/// where `cfg` is a `Config` with the checkpoint's settings (stored as JSON in the file's
/// metadata under `configuration`).
public enum CheckpointExport {
  /// Verifies the checkpoint in `directory` and writes the tensors of `network` to `output`
  /// (synchronized), with the configuration, global step and epoch as metadata.
  @discardableResult
  public static func export(directory: URL, network: ExportedNetwork, to output: URL) throws
    -> ExportSummary
  {
    let reader = try CheckpointReader(directory: directory)
    let tensors = try reader.tensors(verifying: true, including: network.includes)
    let manifest = reader.manifest
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let metadata = [
      "configuration": String(decoding: try encoder.encode(manifest.configuration), as: UTF8.self),
      "global_step": String(manifest.globalStep),
      "epoch": String(manifest.epoch),
      "network": network.rawValue,
    ]
    do {
      try SafeTensorsWriter.write(
        tensors.map { SafeTensorsTensor(name: $0.name, shape: $0.shape, floats: $0.values) },
        metadata: metadata, to: output, synchronize: true)
    } catch let error as SafeTensorsError {
      throw CheckpointError.invalidShard(error)
    }
    return ExportSummary(
      tensorCount: tensors.count, byteCount: tensors.reduce(0) { $0 + $1.byteCount },
      hasIdentity: tensors.contains { $0.name.hasPrefix("identity.") })
  }
}

/// What an export wrote.
public struct ExportSummary: Sendable, Equatable {
  /// How many tensors.
  public let tensorCount: Int
  /// Their size in bytes.
  public let byteCount: Int
  /// Whether the frozen identity network's parameters are included, which decides the
  /// `identity` argument of the reference's `FESGAN` constructor.
  public let hasIdentity: Bool
}
