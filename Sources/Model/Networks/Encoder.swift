/// The encoder E: an image to its latent code.
///
/// Shapes: x (B, C, S, S) in [-1, 1] -> e (B, d_z) in [-1, 1]. log2(S) - 2 blocks of
/// [Conv k4 s2 p1, InstanceNorm, LeakyReLU] with widths w, 2w, 4w, ...; global average pool;
/// Linear to d_z; tanh.
public struct Encoder {
  /// The downsampling convolutions, `blocks.i.conv`.
  public let blocks: [ConvolutionLayer]
  /// The projection to the code, `fc`.
  public let fc: LinearLayer
  /// The LeakyReLU slope.
  public let slope: Float

  /// A zero-initialised encoder for `configuration`.
  public init(configuration: FESGANConfiguration) {
    let count = configuration.imageSizeExponent - 2
    let widths = [configuration.channels] + (0..<count).map { configuration.width << $0 }
    blocks = (0..<count).map {
      ConvolutionLayer(
        inputChannels: widths[$0], outputChannels: widths[$0 + 1], kernelSize: 4, stride: 2,
        padding: 1)
    }
    fc = LinearLayer(inputFeatures: widths[count], outputFeatures: configuration.latentSize)
    slope = configuration.slope
  }

  /// e = tanh(fc(pool(blocks(x)))).
  public func callAsFunction(_ x: Tensor) -> Tensor {
    var h = x
    for block in blocks { h = instanceNormalization2D(block(h)).leakyReLU(slope: slope) }
    return fc(globalAveragePool(h)).tanh()
  }

  /// The layers under `prefix`, in `state_dict` order.
  public func layers(prefix: String) -> NamedLayers {
    blocks.enumerated().map { ("\(prefix).blocks.\($0).conv", $1 as AffineLayer) }
      + [("\(prefix).fc", fc)]
  }
}
