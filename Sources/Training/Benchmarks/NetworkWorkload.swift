import Model

/// One network of the model set up for timing: an input of the batch's shape, a forward pass
/// ending in the sum of the network's outputs, and the tensors the backward differentiates.
struct NetworkWorkload {
  let name: String
  let input: Tensor
  /// The sum of every output of the network on `input`.
  let forward: (Tensor) -> Tensor
  /// The network's parameters, or for the frozen identity network its input.
  let targets: [Tensor]
  /// What `targets` are, for the table.
  let targetDescription: String
  /// The layers as the network uses them on `input`.
  let uses: [LayerUse]

  /// The six networks of `model` on a batch of `batch` samples; `model` must have its
  /// identity network.
  static func all(_ model: FESGANModel, batch: Int, seed: UInt64) -> [NetworkWorkload] {
    let configuration = model.configuration
    let size = configuration.imageSize
    let image = [batch, configuration.channels, size, size]
    let gray = [batch, 1, size, size]
    let code = [batch, configuration.latentSize]
    let decoderInput = [batch, configuration.latentSize + configuration.classes]
    var generator = Xoshiro256Generator(seed: seed)
    let data = { (shape: [Int]) in randomTensor(shape, using: &generator) }
    guard let identity = model.identity else {
      preconditionFailure("the model benchmark needs the identity network")
    }
    let (encoder, decoder) = (model.encoder, model.decoder)
    let (imageCritic, latentCritic) = (model.imageCritic, model.latentCritic)
    let recognizer = model.recognizer
    let identityInput = data(gray).detached(requiresGradient: true)
    return [
      trainable(
        "encoder", data(image), encoder.layers(prefix: "encoder"),
        LayerShapeTrace.encoder(encoder, input: image)
      ) { encoder($0).sum() },
      trainable(
        "decoder", data(decoderInput), decoder.layers(prefix: "decoder"),
        LayerShapeTrace.decoder(decoder, input: decoderInput)
      ) { decoder($0).sum() },
      trainable(
        "image critic", data(image), imageCritic.layers(prefix: "image_critic"),
        LayerShapeTrace.imageCritic(imageCritic, input: image)
      ) {
        let (score, logits) = imageCritic($0)
        return score.sum() + logits.sum()
      },
      trainable(
        "latent critic", data(code), latentCritic.layers(prefix: "latent_critic"),
        LayerShapeTrace.latentCritic(latentCritic, input: code)
      ) { latentCritic($0).sum() },
      trainable(
        "recognizer", data(gray), recognizer.layers(prefix: "recognizer"),
        LayerShapeTrace.recognizer(recognizer, input: gray)
      ) {
        let (feature, logits) = recognizer($0)
        return feature.sum() + logits.sum()
      },
      NetworkWorkload(
        name: "identity (LightCNN-29)", input: identityInput, forward: { identity($0).sum() },
        targets: [identityInput], targetDescription: "input (frozen)",
        uses: LayerShapeTrace.identity(identity, input: gray)),
    ]
  }

  /// A trainable network, differentiated with respect to all its parameters.
  private static func trainable(
    _ name: String, _ input: Tensor, _ layers: NamedLayers, _ uses: [LayerUse],
    forward: @escaping (Tensor) -> Tensor
  ) -> NetworkWorkload {
    NetworkWorkload(
      name: name, input: input, forward: forward,
      targets: layers.flatMap { [$0.layer.weight, $0.layer.bias] },
      targetDescription: "parameters", uses: uses)
  }

  /// The number of parameter values.
  var parameterCount: Int {
    uses.reduce(0) { $0 + $1.affineLayer.weight.count + $1.affineLayer.bias.count }
  }

  /// Values uniform in [-1, 1), a range every network input lies in or near.
  static func randomTensor(_ shape: [Int], using generator: inout Xoshiro256Generator) -> Tensor {
    let count = shape.reduce(1, *)
    return Tensor(
      shape: shape, values: (0..<count).map { _ in generator.nextSymmetric(bound: 1) })
  }
}
