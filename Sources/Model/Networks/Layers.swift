/// The layers with parameters that the FESGAN networks are built from.
///
/// Each holds its weight and bias as tensors that require gradients, laid out as PyTorch lays
/// them out, and names them `PREFIX.weight` and `PREFIX.bias` as PyTorch's `state_dict` does.
/// New layers hold zeros; `initialize(using:)` draws PyTorch's default distribution.

/// A parameter tensor and its checkpoint name.
public struct NamedParameter {
  /// The dotted name, as in the reference's `state_dict`.
  public let name: String
  /// The tensor; optimizers update its values in place.
  public let tensor: Tensor
}

/// A layer y = f(x; weight) + bias, initialised as PyTorch initialises its layers.
public protocol AffineLayer {
  /// The weight tensor.
  var weight: Tensor { get }
  /// The bias tensor.
  var bias: Tensor { get }
}

extension AffineLayer {
  /// The weight and bias named under `prefix`.
  public func namedParameters(prefix: String) -> [NamedParameter] {
    [
      NamedParameter(name: prefix + ".weight", tensor: weight),
      NamedParameter(name: prefix + ".bias", tensor: bias),
    ]
  }

  /// Draws the weight, then the bias, from U(-1/sqrt(fanIn), 1/sqrt(fanIn)).
  public func initialize(using generator: inout Xoshiro256Generator) {
    ParameterInitialization.initializeLayer(weight: weight, bias: bias, using: &generator)
  }
}

/// A square-kernel convolution with bias (`nn.Conv2d`); weight (O, I, k, k).
public struct ConvolutionLayer: AffineLayer {
  /// (output channels, input channels, k, k).
  public let weight: Tensor
  /// (output channels).
  public let bias: Tensor
  /// The step between output positions.
  public let stride: Int
  /// Zeros added on every side.
  public let padding: Int

  /// A zero-initialised layer; a layer that is not `trainable` is frozen: gradients flow
  /// through it but never to its parameters, and no graph is recorded for constant inputs.
  public init(
    inputChannels: Int, outputChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
    trainable: Bool = true
  ) {
    weight = Tensor(
      zeros: [outputChannels, inputChannels, kernelSize, kernelSize], requiresGradient: trainable)
    bias = Tensor(zeros: [outputChannels], requiresGradient: trainable)
    self.stride = stride
    self.padding = padding
  }

  /// x (B, I, H, W) -> (B, O, P, Q).
  public func callAsFunction(_ x: Tensor) -> Tensor {
    convolution2D(x, weight: weight, bias: bias, stride: stride, padding: padding)
  }

  /// Whether the engine computes this layer with Winograd's F(2x2, 3x3) rather than with
  /// products of an unfolded image (a 3x3 kernel, unit stride, one pixel of padding).
  public var usesWinograd: Bool {
    WinogradCorrelation.applies(
      kernelHeight: weight.shape[2], kernelWidth: weight.shape[3], stride: stride,
      padding: padding)
  }
}

/// A square-kernel transposed convolution with bias (`nn.ConvTranspose2d`); weight (I, O, k, k).
public struct TransposedConvolutionLayer: AffineLayer {
  /// (input channels, output channels, k, k), PyTorch's layout.
  public let weight: Tensor
  /// (output channels).
  public let bias: Tensor
  /// The upsampling factor.
  public let stride: Int
  /// The padding of the convolution this layer transposes.
  public let padding: Int

  /// A zero-initialised layer.
  public init(
    inputChannels: Int, outputChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0
  ) {
    weight = Tensor(
      zeros: [inputChannels, outputChannels, kernelSize, kernelSize], requiresGradient: true)
    bias = Tensor(zeros: [outputChannels], requiresGradient: true)
    self.stride = stride
    self.padding = padding
  }

  /// x (B, I, h, w) -> (B, O, (h-1)·stride - 2·padding + k, ...).
  public func callAsFunction(_ x: Tensor) -> Tensor {
    transposedConvolution2D(x, weight: weight, bias: bias, stride: stride, padding: padding)
  }

  /// Whether the engine computes this layer with Winograd's F(2x2, 3x3); see
  /// `ConvolutionLayer.usesWinograd`.
  public var usesWinograd: Bool {
    WinogradCorrelation.applies(
      kernelHeight: weight.shape[2], kernelWidth: weight.shape[3], stride: stride,
      padding: padding)
  }
}

/// A fully connected layer with bias (`nn.Linear`); weight (O, I).
public struct LinearLayer: AffineLayer {
  /// (output features, input features).
  public let weight: Tensor
  /// (output features).
  public let bias: Tensor

  /// A zero-initialised layer; see `ConvolutionLayer` for `trainable`.
  public init(inputFeatures: Int, outputFeatures: Int, trainable: Bool = true) {
    weight = Tensor(zeros: [outputFeatures, inputFeatures], requiresGradient: trainable)
    bias = Tensor(zeros: [outputFeatures], requiresGradient: trainable)
  }

  /// x (B, I) -> (B, O).
  public func callAsFunction(_ x: Tensor) -> Tensor { linear(x, weight: weight, bias: bias) }
}

/// A list of layers with their names, in `state_dict` order.
public typealias NamedLayers = [(name: String, layer: AffineLayer)]
