/// The latent critic D_z: whether a code was drawn from the prior or encoded from an image.
///
/// Shapes: e (B, d_z) -> logit (B). Linear d_z-64-32-16-1 with LeakyReLU between layers.
public struct LatentCritic {
  /// The four linear layers, `layers.0` to `layers.3`.
  public let layers: [LinearLayer]
  /// The LeakyReLU slope.
  public let slope: Float

  /// A zero-initialised critic for `configuration`.
  public init(configuration: FESGANConfiguration) {
    let sizes = [configuration.latentSize, 64, 32, 16, 1]
    layers = (0..<4).map { LinearLayer(inputFeatures: sizes[$0], outputFeatures: sizes[$0 + 1]) }
    slope = configuration.slope
  }

  /// The logit of "drawn from the prior" for each code.
  public func callAsFunction(_ e: Tensor) -> Tensor {
    var h = e
    for (index, layer) in layers.enumerated() {
      h = layer(h)
      if index < layers.count - 1 { h = h.leakyReLU(slope: slope) }
    }
    return h.reshaped(to: [e.shape[0]])
  }

  /// The layers under `prefix`, in `state_dict` order.
  public func layers(prefix: String) -> NamedLayers {
    layers.enumerated().map { ("\(prefix).layers.\($0)", $1 as AffineLayer) }
  }
}
