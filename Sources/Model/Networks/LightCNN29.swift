/// LightCNN-29 v1 on a gray image, either whole (to its 256-d feature, for the frozen identity
/// network F) or up to pool3 (the recognizer's trunk).
///
/// Shapes, with widths scaled by r: g (B, 1, S, S) in [0, 1]; conv1 (5x5 unit to 48) and pool
/// -> (B, 48, S/2, S/2); block1, group1 (to 96), pool -> (B, 96, S/4, S/4); block2 (2 blocks),
/// group2 (to 192), pool3 -> (B, 192, S/8, S/8), where the trunk stops. Then block3 (3),
/// group3 (to 128), block4 (4), group4 (to 128), pool -> (B, 128, S/16, S/16), flattened, and
/// the linear unit `fc` to 256. Pools are 2x2 max pools with ceil mode.
public struct LightCNN29 {
  /// Where the network stops.
  public enum Extent {
    /// After pool3: the recognizer's trunk.
    case throughPool3
    /// The 256-d feature of the whole network.
    case full
  }

  /// The first unit, `conv1`.
  public let conv1: MaxFeatureMapLayer
  /// The residual stages `block1` to `block4` (the trunk has the first two).
  public let residualStages: [[MaxFeatureMapResidualBlock]]
  /// The groups `group1` to `group4` (the trunk has the first two).
  public let groups: [MaxFeatureMapGroup]
  /// The feature unit, `fc`; absent in the trunk.
  public let fc: MaxFeatureMapLayer?

  /// A zero-initialised network for the configuration's image size and recognizer width;
  /// frozen unless `trainable` (the identity network is frozen).
  public init(configuration: FESGANConfiguration, extent: Extent, trainable: Bool = true) {
    let c48 = configuration.recognizerChannels(48)
    let c96 = configuration.recognizerChannels(96)
    let c192 = configuration.recognizerChannels(192)
    let c128 = configuration.recognizerChannels(128)
    conv1 = MaxFeatureMapLayer(
      inputChannels: 1, outputChannels: c48, kernelSize: 5, stride: 1, padding: 2,
      trainable: trainable)
    var stages = [(blocks: 1, width: c48, next: c96), (blocks: 2, width: c96, next: c192)]
    if extent == .full {
      stages += [(blocks: 3, width: c192, next: c128), (blocks: 4, width: c128, next: c128)]
    }
    residualStages = stages.map { stage in
      (0..<stage.blocks).map { _ in
        MaxFeatureMapResidualBlock(channels: stage.width, trainable: trainable)
      }
    }
    groups = stages.map {
      MaxFeatureMapGroup(inputChannels: $0.width, outputChannels: $0.next, trainable: trainable)
    }
    if extent == .full {
      let side = configuration.imageSize / 16
      fc = MaxFeatureMapLayer(
        inputFeatures: side * side * c128,
        outputFeatures: configuration.recognizerChannels(256), trainable: trainable)
    } else {
      fc = nil
    }
  }

  /// The trunk's map (B, 192r, S/8, S/8), or the full network's feature (B, 256r).
  public func callAsFunction(_ g: Tensor) -> Tensor {
    var x = maxPool2D(conv1(g))
    for stage in 0..<groups.count {
      for block in residualStages[stage] { x = block(x) }
      x = groups[stage](x)
      // Pools follow groups 1, 2 and 4; group 3 feeds block 4 at the same size.
      if stage != 2 { x = maxPool2D(x) }
    }
    guard let fc else { return x }
    return fc(x.reshaped(to: [x.shape[0], -1]))
  }

  /// The layers under `prefix`, in `state_dict` order.
  public func layers(prefix: String) -> NamedLayers {
    var result = conv1.layers(prefix: "\(prefix).conv1")
    for stage in 0..<groups.count {
      for (index, block) in residualStages[stage].enumerated() {
        result += block.layers(prefix: "\(prefix).block\(stage + 1).\(index)")
      }
      result += groups[stage].layers(prefix: "\(prefix).group\(stage + 1)")
    }
    if let fc { result += fc.layers(prefix: "\(prefix).fc") }
    return result
  }
}
