/// The encoder E: an image to its latent code.
///
/// Shapes: x (B, C, S, S) in [-1, 1] -> e (B, d_z) in [-1, 1]. log2(S) - 2 blocks of
/// [Conv k4 s2 p1, InstanceNorm, LeakyReLU] with widths w, 2w, 4w, ...; global average pool;
/// Linear to d_z; tanh.
///
/// Known limit of the method as specified: instance normalization gives every channel plane
/// mean 0 and variance 1 just before the global average pool, so each pooled value is the
/// mean of LeakyReLU over a standardized plane, close to the same constant (about 0.4) for
/// every image, and the code carries little of the image. Trained on SynthFaces with the demo
/// preset, the pooled values vary across test images by a standard deviation of 0.03 and the
/// reconstructions by 0.002 (the images by 0.39): the decoder draws nearly the same face for
/// every input. Pooling before the last normalization, or flattening the last map, would lift
/// this but changes the networks that checkpoints and the reference share.
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
