/// The expression recognizer R: LightCNN-29 up to pool3, a convolutional head and a classifier.
///
/// Shapes, with widths scaled by r: g (B, 1, S, S) in [0, 1] -> trunk (B, 192, S/8, S/8);
/// Conv(192, 256, k3 s2 p1), ReLU, Conv(256, 512, k3 s2 p1) -> (B, 512, S/32, S/32); global
/// average pool; Linear to 2048, ReLU; Linear to 512, ReLU = feature f (B, 512); dropout;
/// Linear to K = logits (B, K).
public struct Recognizer {
  /// The LightCNN-29 trunk, `trunk`.
  public let trunk: LightCNN29
  /// The head convolutions, `head.0` and `head.1`.
  public let head: [ConvolutionLayer]
  /// The classifier layers, `fc.0`, `fc.1` and `fc.2`.
  public let fc: [LinearLayer]
  /// The dropout probability before the last layer, in training.
  public let dropoutProbability: Float

  /// A zero-initialised recognizer for `configuration`.
  public init(configuration: FESGANConfiguration) {
    let c192 = configuration.recognizerChannels(192)
    let c256 = configuration.recognizerChannels(256)
    let c512 = configuration.recognizerChannels(512)
    let c2048 = configuration.recognizerChannels(2048)
    trunk = LightCNN29(configuration: configuration, extent: .throughPool3)
    head = [
      ConvolutionLayer(
        inputChannels: c192, outputChannels: c256, kernelSize: 3, stride: 2, padding: 1),
      ConvolutionLayer(
        inputChannels: c256, outputChannels: c512, kernelSize: 3, stride: 2, padding: 1),
    ]
    fc = [
      LinearLayer(inputFeatures: c512, outputFeatures: c2048),
      LinearLayer(inputFeatures: c2048, outputFeatures: c512),
      LinearLayer(inputFeatures: c512, outputFeatures: configuration.classes),
    ]
    dropoutProbability = configuration.dropout
  }

  /// The feature and the logits of gray images `g`.
  ///
  /// - Parameter dropoutKeep: in training, one flag per feature element (B·512r, row-major),
  ///   `true` where the element survives dropout; `nil` evaluates without dropout.
  public func callAsFunction(_ g: Tensor, dropoutKeep: [Bool]? = nil) -> (
    feature: Tensor, logits: Tensor
  ) {
    let map = head[1](head[0](trunk(g)).relu())
    let feature = fc[1](fc[0](globalAveragePool(map)).relu()).relu()
    guard let dropoutKeep, dropoutProbability > 0 else { return (feature, fc[2](feature)) }
    let dropped = dropout(feature, probability: dropoutProbability, keep: dropoutKeep)
    return (feature, fc[2](dropped))
  }

  /// The number of feature elements per sample, the size of a dropout mask row.
  public var featureSize: Int { fc[1].weight.shape[0] }

  /// The layers under `prefix`, in `state_dict` order.
  public func layers(prefix: String) -> NamedLayers {
    trunk.layers(prefix: "\(prefix).trunk")
      + head.enumerated().map { ("\(prefix).head.\($0)", $1 as AffineLayer) }
      + fc.enumerated().map { ("\(prefix).fc.\($0)", $1 as AffineLayer) }
  }
}
