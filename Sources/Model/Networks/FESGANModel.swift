/// All FESGAN networks, their parameter names and their four optimizer groups.
///
/// Parameter names and order are those of the reference's `state_dict`: `encoder.*`,
/// `decoder.*`, `image_critic.*`, `latent_critic.*`, `recognizer.*`, then `identity.*` when
/// the frozen identity network is present. The identity network belongs to no group: it is
/// loaded from pretrained weights, never updated, and its parameters require no gradient.
public final class FESGANModel {
  /// The configuration the networks were built for.
  public let configuration: FESGANConfiguration
  /// E.
  public let encoder: Encoder
  /// G.
  public let decoder: Decoder
  /// D.
  public let imageCritic: ImageCritic
  /// D_z.
  public let latentCritic: LatentCritic
  /// R.
  public let recognizer: Recognizer
  /// F, present when `configuration.usesIdentity`.
  public let identity: LightCNN29?

  /// Builds every network and initialises each layer from PyTorch's default distributions,
  /// drawn in `state_dict` order from a generator seeded with `seed`.
  public init(configuration: FESGANConfiguration, seed: UInt64) {
    self.configuration = configuration
    encoder = Encoder(configuration: configuration)
    decoder = Decoder(configuration: configuration)
    imageCritic = ImageCritic(configuration: configuration)
    latentCritic = LatentCritic(configuration: configuration)
    recognizer = Recognizer(configuration: configuration)
    identity =
      configuration.usesIdentity
      ? LightCNN29(configuration: configuration, extent: .full, trainable: false) : nil
    var generator = Xoshiro256Generator(seed: seed)
    for (_, layer) in layers { layer.initialize(using: &generator) }
  }

  /// Every layer with its name prefix, in `state_dict` order.
  public var layers: NamedLayers {
    encoder.layers(prefix: "encoder") + decoder.layers(prefix: "decoder")
      + imageCritic.layers(prefix: "image_critic")
      + latentCritic.layers(prefix: "latent_critic")
      + recognizer.layers(prefix: "recognizer") + (identity?.layers(prefix: "identity") ?? [])
  }

  /// Every parameter with its checkpoint name, in `state_dict` order.
  public var namedParameters: [NamedParameter] {
    layers.flatMap { $0.layer.namedParameters(prefix: $0.name) }
  }

  /// The parameters of one optimizer group.
  public func group(_ name: ParameterGroupName) -> ParameterGroup {
    let prefixes: [String]
    switch name {
    case .generator: prefixes = ["encoder.", "decoder."]
    case .imageCritic: prefixes = ["image_critic."]
    case .latentCritic: prefixes = ["latent_critic."]
    case .recognizer: prefixes = ["recognizer."]
    }
    return ParameterGroup(
      name: name,
      parameters: namedParameters.filter { parameter in
        prefixes.contains { parameter.name.hasPrefix($0) }
      })
  }

  /// The four groups, in the order of `ParameterGroupName.allCases`.
  public var groups: [ParameterGroup] { ParameterGroupName.allCases.map(group) }
}
