/// LightCNN's building blocks: the max-feature-map unit, the group and the residual block.
///
/// Shapes: a unit maps (B, I, H, W) to (B, O, H', W') through a convolution to 2·O channels
/// (or (B, I) to (B, O) through a linear layer to 2·O features) and keeps the larger of each
/// channel pair (c, c + O).
public struct MaxFeatureMapLayer {
  /// The layer that produces both halves, `filter`.
  public enum Filter {
    /// A convolution to 2·O channels.
    case convolution(ConvolutionLayer)
    /// A linear layer to 2·O features.
    case linear(LinearLayer)
  }

  /// The filter, named `filter` in checkpoints.
  public let filter: Filter

  /// A convolutional unit with a k x k kernel; frozen unless `trainable`.
  public init(
    inputChannels: Int, outputChannels: Int, kernelSize: Int = 3, stride: Int = 1,
    padding: Int = 1, trainable: Bool = true
  ) {
    filter = .convolution(
      ConvolutionLayer(
        inputChannels: inputChannels, outputChannels: 2 * outputChannels, kernelSize: kernelSize,
        stride: stride, padding: padding, trainable: trainable))
  }

  /// A fully connected unit; frozen unless `trainable`.
  public init(inputFeatures: Int, outputFeatures: Int, trainable: Bool = true) {
    filter = .linear(
      LinearLayer(
        inputFeatures: inputFeatures, outputFeatures: 2 * outputFeatures, trainable: trainable))
  }

  /// max(first half, second half) of the filter's output.
  public func callAsFunction(_ x: Tensor) -> Tensor {
    switch filter {
    case .convolution(let layer): return maxFeatureMap(layer(x))
    case .linear(let layer): return maxFeatureMap(layer(x))
    }
  }

  /// The filter under `prefix.filter`.
  public func layers(prefix: String) -> NamedLayers {
    switch filter {
    case .convolution(let layer): return [("\(prefix).filter", layer)]
    case .linear(let layer): return [("\(prefix).filter", layer)]
    }
  }
}

/// A 1x1 unit at the input width, then a 3x3 unit to the output width (`conv_a`, `conv`).
public struct MaxFeatureMapGroup {
  /// The 1x1 unit, `conv_a`.
  public let convA: MaxFeatureMapLayer
  /// The 3x3 unit, `conv`.
  public let conv: MaxFeatureMapLayer

  /// A zero-initialised group; frozen unless `trainable`.
  public init(inputChannels: Int, outputChannels: Int, trainable: Bool = true) {
    convA = MaxFeatureMapLayer(
      inputChannels: inputChannels, outputChannels: inputChannels, kernelSize: 1, padding: 0,
      trainable: trainable)
    conv = MaxFeatureMapLayer(
      inputChannels: inputChannels, outputChannels: outputChannels, trainable: trainable)
  }

  /// conv(conv_a(x)).
  public func callAsFunction(_ x: Tensor) -> Tensor { conv(convA(x)) }

  /// The units under `prefix`, in `state_dict` order.
  public func layers(prefix: String) -> NamedLayers {
    convA.layers(prefix: "\(prefix).conv_a") + conv.layers(prefix: "\(prefix).conv")
  }
}

/// x + conv2(conv1(x)) with two 3x3 units at constant width (`conv1`, `conv2`).
public struct MaxFeatureMapResidualBlock {
  /// The first unit, `conv1`.
  public let conv1: MaxFeatureMapLayer
  /// The second unit, `conv2`.
  public let conv2: MaxFeatureMapLayer

  /// A zero-initialised block of `channels` channels; frozen unless `trainable`.
  public init(channels: Int, trainable: Bool = true) {
    conv1 = MaxFeatureMapLayer(
      inputChannels: channels, outputChannels: channels, trainable: trainable)
    conv2 = MaxFeatureMapLayer(
      inputChannels: channels, outputChannels: channels, trainable: trainable)
  }

  /// x + conv2(conv1(x)).
  public func callAsFunction(_ x: Tensor) -> Tensor { x + conv2(conv1(x)) }

  /// The units under `prefix`, in `state_dict` order.
  public func layers(prefix: String) -> NamedLayers {
    conv1.layers(prefix: "\(prefix).conv1") + conv2.layers(prefix: "\(prefix).conv2")
  }
}
