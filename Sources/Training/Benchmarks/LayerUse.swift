import Model

/// One layer as its network uses it: the input shape it sees there, the gradients the
/// network's backward asks of it, and the matrix products that work lowers to.
///
/// Products are those of the engine's lowering taken over the whole batch at once: the
/// engine may split a product into chunks of samples, which changes its shape but not its
/// operation count, and the whole-batch shape is the reference a perfect lowering would reach.
struct LayerUse {
  /// The layers whose work is a matrix product.
  enum Layer {
    case convolution(ConvolutionLayer)
    case transposedConvolution(TransposedConvolutionLayer)
    case linear(LinearLayer)
  }

  /// The products of a layer's forward pass and of its two gradients.
  struct LoweredProducts {
    let forward: MatrixProductShape
    let inputGradient: MatrixProductShape
    let weightGradient: MatrixProductShape
  }

  /// The checkpoint name, `encoder.blocks.0.conv` for example.
  let name: String
  let layer: Layer
  /// x: (B, I, H, W), or (B, I) for a linear layer.
  let inputShape: [Int]
  /// False for a network's first layer, whose input is data that needs no gradient.
  let needsInputGradient: Bool

  var kind: LayerKind {
    switch layer {
    case .convolution: return .convolution
    case .transposedConvolution: return .transposedConvolution
    case .linear: return .linear
    }
  }

  var affineLayer: AffineLayer {
    switch layer {
    case .convolution(let layer): return layer
    case .transposedConvolution(let layer): return layer
    case .linear(let layer): return layer
    }
  }

  /// False for the frozen identity network, whose parameters receive no gradient.
  var needsWeightGradient: Bool { affineLayer.weight.requiresGradient }

  func callAsFunction(_ x: Tensor) -> Tensor {
    switch layer {
    case .convolution(let layer): return layer(x)
    case .transposedConvolution(let layer): return layer(x)
    case .linear(let layer): return layer(x)
    }
  }

  /// y: (B, O, P, Q) or (B, O).
  var outputShape: [Int] {
    let weight = affineLayer.weight.shape
    let batch = inputShape[0]
    switch layer {
    case .convolution(let layer):
      let side = { (size: Int) in (size + 2 * layer.padding - weight[2]) / layer.stride + 1 }
      return [batch, weight[0], side(inputShape[2]), side(inputShape[3])]
    case .transposedConvolution(let layer):
      let side = { (size: Int) in (size - 1) * layer.stride - 2 * layer.padding + weight[2] }
      return [batch, weight[1], side(inputShape[2]), side(inputShape[3])]
    case .linear:
      return [batch, weight[0]]
    }
  }

  /// The products of y = layer(x).
  var forwardProducts: [MatrixProductShape] {
    let products = lowering
    switch layer {
    case .convolution, .linear: return [products.forward]
    // A transposed convolution is the input adjoint of the convolution it transposes.
    case .transposedConvolution: return [products.inputGradient]
    }
  }

  /// The products of the gradients of the input (when it needs one) and of the weight (when
  /// trainable) from the gradient of y; the bias gradient is a sum, not a product.
  var backwardProducts: [MatrixProductShape] {
    let products = lowering
    let input = kind == .transposedConvolution ? products.forward : products.inputGradient
    return (needsInputGradient ? [input] : [])
      + (needsWeightGradient ? [products.weightGradient] : [])
  }

  /// A 3x3 convolution or transposed convolution with unit stride and one pixel of padding,
  /// which the engine lowers with Winograd's F(2x2, 3x3) instead of the products below.
  var usesWinograd: Bool {
    switch layer {
    case .convolution(let layer): return layer.usesWinograd
    case .transposedConvolution(let layer): return layer.usesWinograd
    case .linear: return false
    }
  }

  /// The operations of the 16 products (O, T, C) one Winograd pass runs, forward or either
  /// gradient: 2·16·O·C·T with T = B·⌈H/2⌉·⌈W/2⌉ tiles, 4/9 of the im2col count when H and W
  /// are even.
  var winogradProductOperations: Double {
    let weight = affineLayer.weight.shape
    let tiles = inputShape[0] * ((inputShape[2] + 1) / 2) * ((inputShape[3] + 1) / 2)
    return 2 * 16 * Double(weight[0]) * Double(weight[1]) * Double(tiles)
  }

  /// The number of Winograd passes of the layer's backward: one per gradient it computes.
  var backwardPassCount: Int { (needsInputGradient ? 1 : 0) + (needsWeightGradient ? 1 : 0) }

  /// Uses with equal signatures do the same work, so one timing serves them all.
  var signature: String {
    var stride = 0
    var padding = 0
    switch layer {
    case .convolution(let layer): (stride, padding) = (layer.stride, layer.padding)
    case .transposedConvolution(let layer): (stride, padding) = (layer.stride, layer.padding)
    case .linear: break
    }
    return "\(kind.rawValue) \(affineLayer.weight.shape) \(inputShape) s\(stride) p\(padding)"
      + " \(needsInputGradient) \(needsWeightGradient)"
  }

  /// The three products of the layer's convolution (for a transposed convolution, of the
  /// convolution it transposes, whose output is the layer's input): y = W unfold(x) is
  /// (O, N, R), the input gradient W^T gy is (R, N, O), the weight gradient gy unfold(x)^T is
  /// (O, R, N), where R = C·KH·KW is the patch size and N = B·P·Q the output positions. A
  /// linear layer y = x W^T (B, O, I) has dx = gy W (B, I, O) and dW = gy^T x (O, I, B).
  private var lowering: LoweredProducts {
    let weight = affineLayer.weight.shape
    let (o, r, n): (Int, Int, Int)
    switch layer {
    case .convolution:
      let y = outputShape
      (o, r, n) = (weight[0], weight[1] * weight[2] * weight[3], y[0] * y[2] * y[3])
    case .transposedConvolution:
      let x = inputShape
      (o, r, n) = (weight[0], weight[1] * weight[2] * weight[3], x[0] * x[2] * x[3])
    case .linear:
      let (b, o, i) = (inputShape[0], weight[0], weight[1])
      return LoweredProducts(
        forward: MatrixProductShape(m: b, n: o, k: i, transposingA: false, transposingB: true),
        inputGradient: MatrixProductShape(
          m: b, n: i, k: o, transposingA: false, transposingB: false),
        weightGradient: MatrixProductShape(
          m: o, n: i, k: b, transposingA: true, transposingB: false))
    }
    return LoweredProducts(
      forward: MatrixProductShape(m: o, n: n, k: r, transposingA: false, transposingB: false),
      inputGradient: MatrixProductShape(m: r, n: n, k: o, transposingA: true, transposingB: false),
      weightGradient: MatrixProductShape(
        m: o, n: r, k: n, transposingA: false, transposingB: true))
  }
}
