import Model

/// The shape walks of the FESGAN networks, each following its network's `callAsFunction`.
/// Inputs: images x (B, C, S, S), gray images g (B, 1, S, S), codes (B, d_z) and decoder
/// inputs v (B, d_z + K). The walked network's input needs no gradient unless stated.
extension LayerShapeTrace {
  /// E: blocks, global average pool, fc.
  static func encoder(_ network: Encoder, input: [Int]) -> [LayerUse] {
    var trace = LayerShapeTrace(inputNeedsGradient: false)
    var shape = input
    for (index, block) in network.blocks.enumerated() {
      shape = trace.apply("encoder.blocks.\(index).conv", block, to: shape)
    }
    _ = trace.apply("encoder.fc", network.fc, to: averaged(shape))
    return trace.uses(covering: network.layers(prefix: "encoder"))
  }

  /// G: v viewed as (B, d_z + K, 1, 1), blocks, top.
  static func decoder(_ network: Decoder, input: [Int]) -> [LayerUse] {
    var trace = LayerShapeTrace(inputNeedsGradient: false)
    var shape = [input[0], input[1], 1, 1]
    for (index, block) in network.blocks.enumerated() {
      shape = trace.apply("decoder.blocks.\(index).conv", .transposedConvolution(block), to: shape)
    }
    _ = trace.apply("decoder.top", .transposedConvolution(network.top), to: shape)
    return trace.uses(covering: network.layers(prefix: "decoder"))
  }

  /// D: the trunk, then the score head and the classifier head on the trunk's map.
  static func imageCritic(_ network: ImageCritic, input: [Int]) -> [LayerUse] {
    var trace = LayerShapeTrace(inputNeedsGradient: false)
    var shape = input
    for (index, block) in network.blocks.enumerated() {
      shape = trace.apply("image_critic.blocks.\(index).conv", block, to: shape)
    }
    _ = trace.apply("image_critic.adv", network.adv, to: shape)
    let hidden = trace.apply("image_critic.cls.0", network.cls[0], to: shape)
    _ = trace.apply("image_critic.cls.1", network.cls[1], to: hidden)
    return trace.uses(covering: network.layers(prefix: "image_critic"))
  }

  /// D_z: the linear layers in a chain.
  static func latentCritic(_ network: LatentCritic, input: [Int]) -> [LayerUse] {
    var trace = LayerShapeTrace(inputNeedsGradient: false)
    var shape = input
    for (index, layer) in network.layers.enumerated() {
      shape = trace.apply("latent_critic.layers.\(index)", layer, to: shape)
    }
    return trace.uses(covering: network.layers(prefix: "latent_critic"))
  }

  /// R: the LightCNN-29 trunk, the head convolutions, global average pool, the classifier.
  static func recognizer(_ network: Recognizer, input: [Int]) -> [LayerUse] {
    var trace = LayerShapeTrace(inputNeedsGradient: false)
    var shape = trace.applyLightCNN29(network.trunk, prefix: "recognizer.trunk", to: input)
    for (index, layer) in network.head.enumerated() {
      shape = trace.apply("recognizer.head.\(index)", layer, to: shape)
    }
    shape = averaged(shape)
    for (index, layer) in network.fc.enumerated() {
      shape = trace.apply("recognizer.fc.\(index)", layer, to: shape)
    }
    return trace.uses(covering: network.layers(prefix: "recognizer"))
  }

  /// F: the whole LightCNN-29, differentiated with respect to its input as the identity loss
  /// differentiates it (its parameters are frozen).
  static func identity(_ network: LightCNN29, input: [Int]) -> [LayerUse] {
    var trace = LayerShapeTrace(inputNeedsGradient: true)
    _ = trace.applyLightCNN29(network, prefix: "identity", to: input)
    return trace.uses(covering: network.layers(prefix: "identity"))
  }

  /// LightCNN-29: conv1 and pool; per stage its residual blocks and group, then a pool except
  /// after group 3; the feature unit on the flattened map when the network has one.
  private mutating func applyLightCNN29(_ network: LightCNN29, prefix: String, to input: [Int])
    -> [Int]
  {
    var shape = Self.pooled(apply("\(prefix).conv1", network.conv1, to: input))
    for stage in 0..<network.groups.count {
      for (index, block) in network.residualStages[stage].enumerated() {
        let name = "\(prefix).block\(stage + 1).\(index)"
        let hidden = apply(name + ".conv1", block.conv1, to: shape)
        shape = apply(name + ".conv2", block.conv2, to: hidden)
      }
      let group = network.groups[stage]
      let reduced = apply("\(prefix).group\(stage + 1).conv_a", group.convA, to: shape)
      shape = apply("\(prefix).group\(stage + 1).conv", group.conv, to: reduced)
      if stage != 2 { shape = Self.pooled(shape) }
    }
    guard let fc = network.fc else { return shape }
    return apply("\(prefix).fc", fc, to: [shape[0], shape[1...].reduce(1, *)])
  }
}
