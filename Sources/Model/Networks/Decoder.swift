/// The decoder G: a code and an expression to an image.
///
/// Shapes: v = [e or z, onehot] (B, d_z + K), viewed as (B, d_z + K, 1, 1) -> image
/// (B, C, S, S) in [-1, 1]. log2(S) - 1 blocks of [ConvTranspose k4 s2 p1, InstanceNorm, ReLU]
/// with widths 16w, 8w, ... halving (at least 1); a top ConvTranspose k4 s2 p1 to C; tanh.
public struct Decoder {
  /// The upsampling transposed convolutions, `blocks.i.conv`.
  public let blocks: [TransposedConvolutionLayer]
  /// The last transposed convolution to image channels, `top`.
  public let top: TransposedConvolutionLayer

  /// A zero-initialised decoder for `configuration`.
  public init(configuration: FESGANConfiguration) {
    let count = configuration.imageSizeExponent - 1
    let widths =
      [configuration.latentSize + configuration.classes]
      + (0..<count).map { max(1, (configuration.width * 16) >> $0) }
    blocks = (0..<count).map {
      TransposedConvolutionLayer(
        inputChannels: widths[$0], outputChannels: widths[$0 + 1], kernelSize: 4, stride: 2,
        padding: 1)
    }
    top = TransposedConvolutionLayer(
      inputChannels: widths[count], outputChannels: configuration.channels, kernelSize: 4,
      stride: 2, padding: 1)
  }

  /// image = tanh(top(blocks(v))).
  public func callAsFunction(_ v: Tensor) -> Tensor {
    var h = v.reshaped(to: [v.shape[0], v.shape[1], 1, 1])
    for block in blocks { h = instanceNormalization2D(block(h)).relu() }
    return top(h).tanh()
  }

  /// The layers under `prefix`, in `state_dict` order.
  public func layers(prefix: String) -> NamedLayers {
    blocks.enumerated().map { ("\(prefix).blocks.\($0).conv", $1 as AffineLayer) }
      + [("\(prefix).top", top)]
  }
}
