/// 2-D convolution and transposed convolution, with bias, as differentiable operations.
///
/// Shapes: x (B, C, H, W), weight (O, C, KH, KW), bias (O), y (B, O, P, Q) for the
/// convolution; the transposed convolution maps (B, O, P, Q) to (B, C, H, W) with a weight laid
/// out as PyTorch's `ConvTranspose2d`, (in = O, out = C, KH, KW).
///
/// Three primitives close under differentiation: the convolution y = conv(x, w), its input
/// adjoint x' = convT(v, w) and its weight adjoint w' = convW(x, v). The backward of each is
/// written with the other two, so gradients of gradients (the WGAN-GP penalty) come for free.

/// Cross-correlation with zero padding, as PyTorch's `conv2d`.
///
/// - Parameters:
///   - x: The images, (B, C, H, W).
///   - weight: (O, C, KH, KW).
///   - bias: (O), or `nil`.
///   - stride: The step between output positions, on both axes.
///   - padding: Zeros added on every side.
/// - Returns: (B, O, P, Q) with P = (H + 2 padding - KH) / stride + 1.
public func convolution2D(
  _ x: Tensor, weight: Tensor, bias: Tensor?, stride: Int = 1, padding: Int = 0
) -> Tensor {
  let geometry = ConvolutionGeometry(
    imageShape: x.shape, weightShape: weight.shape, stride: stride, padding: padding)
  return convolve(x, weight, bias, geometry)
}

/// The transposed convolution (the adjoint of `convolution2D` in its input), as PyTorch's
/// `conv_transpose2d` without output padding.
///
/// - Parameters:
///   - x: (B, I, h, w).
///   - weight: (I, C, KH, KW), PyTorch's layout for transposed convolutions.
///   - bias: (C), or `nil`.
/// - Returns: (B, C, H, W) with H = (h - 1) stride - 2 padding + KH.
public func transposedConvolution2D(
  _ x: Tensor, weight: Tensor, bias: Tensor?, stride: Int = 1, padding: Int = 0
) -> Tensor {
  precondition(x.rank == 4 && weight.rank == 4, "x \(x.shape), weight \(weight.shape)")
  precondition(x.shape[1] == weight.shape[0], "x \(x.shape) does not match weight \(weight.shape)")
  let height = (x.shape[2] - 1) * stride - 2 * padding + weight.shape[2]
  let width = (x.shape[3] - 1) * stride - 2 * padding + weight.shape[3]
  let geometry = ConvolutionGeometry(
    imageShape: [x.shape[0], weight.shape[1], height, width],
    weightShape: [weight.shape[0], weight.shape[1], weight.shape[2], weight.shape[3]],
    stride: stride, padding: padding)
  precondition(geometry.outputShape == x.shape, "transposed convolution sizes do not invert")
  return convolveAdjoint(x, weight, bias, geometry)
}

/// y = conv(x, w) + b.
func convolve(_ x: Tensor, _ weight: Tensor, _ bias: Tensor?, _ geometry: ConvolutionGeometry)
  -> Tensor
{
  precondition(x.shape == geometry.imageShape && weight.shape == geometry.weightShape)
  if let bias { precondition(bias.shape == [geometry.outputChannels], "bias \(bias.shape)") }
  let storage = Tensor.storage(for: geometry.outputShape)
  geometry.forward(
    image: x.storage.pointer, weight: weight.storage.pointer, bias: bias?.storage.pointer,
    output: storage.pointer)
  let inputs = [x, weight] + (bias.map { [$0] } ?? [])
  let hasBias = bias != nil
  return Tensor.result("convolution", shape: geometry.outputShape, storage: storage, inputs: inputs)
  {
    gy, context in
    // y = conv(x, w) + b
    [
      context.needs(0) ? convolveAdjoint(gy, context.saved(weight), nil, geometry) : nil,
      context.needs(1) ? convolveWeightAdjoint(context.saved(x), gy, geometry) : nil,
    ] + (hasBias ? [context.needs(2) ? channelSums(gy) : nil] : [])
  }
}

/// x' = convT(v, w) + b, shaped like the image.
func convolveAdjoint(
  _ v: Tensor, _ weight: Tensor, _ bias: Tensor?, _ geometry: ConvolutionGeometry
) -> Tensor {
  precondition(v.shape == geometry.outputShape && weight.shape == geometry.weightShape)
  if let bias { precondition(bias.shape == [geometry.channels], "bias \(bias.shape)") }
  let storage = Tensor.storage(for: geometry.imageShape)
  geometry.inputGradient(
    output: v.storage.pointer, weight: weight.storage.pointer, bias: bias?.storage.pointer,
    image: storage.pointer)
  let inputs = [v, weight] + (bias.map { [$0] } ?? [])
  let hasBias = bias != nil
  return Tensor.result(
    "transposedConvolution", shape: geometry.imageShape, storage: storage, inputs: inputs
  ) { gy, context in
    // y = convT(v, w) + b; <gy, convT(v, w)> = <conv(gy, w), v> = <convW(gy, v), w>
    [
      context.needs(0) ? convolve(gy, context.saved(weight), nil, geometry) : nil,
      context.needs(1) ? convolveWeightAdjoint(gy, context.saved(v), geometry) : nil,
    ] + (hasBias ? [context.needs(2) ? channelSums(gy) : nil] : [])
  }
}

/// w' = convW(x, v), shaped like the weight.
func convolveWeightAdjoint(_ x: Tensor, _ v: Tensor, _ geometry: ConvolutionGeometry) -> Tensor {
  precondition(x.shape == geometry.imageShape && v.shape == geometry.outputShape)
  let storage = Tensor.storage(for: geometry.weightShape)
  geometry.weightGradient(
    image: x.storage.pointer, output: v.storage.pointer, weight: storage.pointer)
  return Tensor.result(
    "convolutionWeightGradient", shape: geometry.weightShape, storage: storage, inputs: [x, v]
  ) { gy, context in
    // y = convW(x, v); <gy, convW(x, v)> = <conv(x, gy), v> = <convT(v, gy), x>
    [
      context.needs(0) ? convolveAdjoint(context.saved(v), gy, nil, geometry) : nil,
      context.needs(1) ? convolve(context.saved(x), gy, nil, geometry) : nil,
    ]
  }
}

/// The gradient of a per-channel bias: gy (B, O, P, Q) summed to (O).
private func channelSums(_ gy: Tensor) -> Tensor {
  gy.sum(alongAxes: [0, 2, 3])
}
