/// The image critic D: a WGAN critic score and expression logits for an image.
///
/// Shapes: x (B, C, S, S) -> score (B), logits (B, K). 4 blocks of [Conv k4 s2 p1,
/// InstanceNorm, LeakyReLU] with widths w, 2w, 4w, 8w leave (B, 8w, S/16, S/16); the score is
/// Conv(8w, 1, k4 s2 p1) averaged over its map; the logits come from Conv(8w, 16w, k4 s2 p1)
/// then Conv(16w, K, k = S/32), which leaves a 1x1 map.
public struct ImageCritic {
  /// The shared trunk, `blocks.i.conv`.
  public let blocks: [ConvolutionLayer]
  /// The score head, `adv`.
  public let adv: ConvolutionLayer
  /// The classifier head, `cls.0` and `cls.1`.
  public let cls: [ConvolutionLayer]
  /// The LeakyReLU slope.
  public let slope: Float

  /// A zero-initialised critic for `configuration`.
  public init(configuration: FESGANConfiguration) {
    let w = configuration.width
    let widths = [configuration.channels, w, 2 * w, 4 * w, 8 * w]
    blocks = (0..<4).map {
      ConvolutionLayer(
        inputChannels: widths[$0], outputChannels: widths[$0 + 1], kernelSize: 4, stride: 2,
        padding: 1)
    }
    adv = ConvolutionLayer(
      inputChannels: 8 * w, outputChannels: 1, kernelSize: 4, stride: 2, padding: 1)
    cls = [
      ConvolutionLayer(
        inputChannels: 8 * w, outputChannels: 16 * w, kernelSize: 4, stride: 2, padding: 1),
      ConvolutionLayer(
        inputChannels: 16 * w, outputChannels: configuration.classes,
        kernelSize: configuration.imageSize / 32),
    ]
    slope = configuration.slope
  }

  /// The critic's score and expression logits for `x`.
  public func callAsFunction(_ x: Tensor) -> (score: Tensor, logits: Tensor) {
    var h = x
    for block in blocks { h = instanceNormalization2D(block(h)).leakyReLU(slope: slope) }
    let batch = x.shape[0]
    let score = adv(h).reshaped(to: [batch, -1]).mean(alongAxes: [1])
    let logits = cls[1](cls[0](h)).reshaped(to: [batch, -1])
    return (score, logits)
  }

  /// The layers under `prefix`, in `state_dict` order.
  public func layers(prefix: String) -> NamedLayers {
    blocks.enumerated().map { ("\(prefix).blocks.\($0).conv", $1 as AffineLayer) }
      + [("\(prefix).adv", adv), ("\(prefix).cls.0", cls[0]), ("\(prefix).cls.1", cls[1])]
  }
}
