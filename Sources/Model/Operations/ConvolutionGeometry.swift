/// The sizes of a 2-D convolution that maps an image (B, C, H, W) to an output (B, O, P, Q)
/// with a weight (O, C, KH, KW), zero padding `padding` on every side and step `stride`.
///
/// The same geometry describes the convolution's two adjoints (the input gradient, which is
/// also the transposed convolution, and the weight gradient), so all three can be lowered to
/// the same matrix products.
struct ConvolutionGeometry: Equatable {
  /// B, C, H, W: the image side.
  let batch: Int
  let channels: Int
  let height: Int
  let width: Int
  /// O, P, Q: the output side.
  let outputChannels: Int
  let outputHeight: Int
  let outputWidth: Int
  /// KH, KW.
  let kernelHeight: Int
  let kernelWidth: Int
  let stride: Int
  let padding: Int

  /// The geometry of convolving `imageShape` with a weight of `weightShape`
  /// (O, C, KH, KW); the output size follows PyTorch: P = (H + 2 padding - KH) / stride + 1.
  init(imageShape: [Int], weightShape: [Int], stride: Int, padding: Int) {
    precondition(imageShape.count == 4, "convolution image must be (B, C, H, W), got \(imageShape)")
    precondition(weightShape.count == 4, "convolution weight must be 4-D, got \(weightShape)")
    precondition(
      imageShape[1] == weightShape[1],
      "image has \(imageShape[1]) channels, weight \(weightShape) expects \(weightShape[1])")
    precondition(stride >= 1 && padding >= 0, "stride \(stride), padding \(padding)")
    batch = imageShape[0]
    channels = imageShape[1]
    height = imageShape[2]
    width = imageShape[3]
    outputChannels = weightShape[0]
    kernelHeight = weightShape[2]
    kernelWidth = weightShape[3]
    self.stride = stride
    self.padding = padding
    outputHeight = (height + 2 * padding - kernelHeight) / stride + 1
    outputWidth = (width + 2 * padding - kernelWidth) / stride + 1
    precondition(
      height + 2 * padding >= kernelHeight && width + 2 * padding >= kernelWidth,
      "kernel \(kernelHeight)x\(kernelWidth) larger than padded image \(height)x\(width)")
  }

  var imageShape: [Int] { [batch, channels, height, width] }
  var outputShape: [Int] { [batch, outputChannels, outputHeight, outputWidth] }
  var weightShape: [Int] { [outputChannels, channels, kernelHeight, kernelWidth] }

  /// R = C KH KW: the rows of the unfolded image, the inner dimension of the products.
  var patchSize: Int { channels * kernelHeight * kernelWidth }
  /// P Q.
  var outputPlane: Int { outputHeight * outputWidth }
  /// H W.
  var imagePlane: Int { height * width }

  /// A 1x1 kernel with unit stride and no padding: the unfolded image is the image itself.
  var isPointwise: Bool {
    kernelHeight == 1 && kernelWidth == 1 && stride == 1 && padding == 0
  }

  /// A 3x3 kernel with unit stride and one pixel of padding, so that the output has the
  /// image's size: the convolution and both its adjoints go through Winograd's F(2x2, 3x3)
  /// (`WinogradCorrelation`) instead of products with an unfolded image.
  var usesWinograd: Bool {
    WinogradCorrelation.applies(
      kernelHeight: kernelHeight, kernelWidth: kernelWidth, stride: stride, padding: padding)
  }

  /// How many samples to unfold at once: enough columns for an efficient matrix product, few
  /// enough that the unfolded buffer stays within 16 MiB, a size the allocator recycles
  /// instead of mapping fresh (and page-faulting) memory on every call.
  var samplesPerChunk: Int {
    // A large output plane already gives a wide product per sample, which then writes
    // straight into the output instead of a buffer to be reordered.
    if isPointwise || outputPlane >= 1024 { return 1 }
    let budget = 4 << 20
    return max(1, min(batch, budget / max(1, patchSize * outputPlane)))
  }

  /// The output positions `o` along one axis whose input position `o stride - padding + k`
  /// falls inside `0..<size`.
  func validOutputRange(kernelOffset k: Int, size: Int, outputSize: Int) -> Range<Int> {
    let shift = padding - k
    let lower = shift > 0 ? (shift + stride - 1) / stride : 0
    let upperBound = size + shift
    let upper = upperBound > 0 ? min(outputSize, (upperBound + stride - 1) / stride) : 0
    return lower < upper ? lower..<upper : lower..<lower
  }
}
