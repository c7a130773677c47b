/// PyTorch's default initialisation of convolution, transposed convolution and linear layers.
///
/// `nn.Conv2d`, `nn.ConvTranspose2d` and `nn.Linear` draw their weight from
/// `kaiming_uniform_(a: sqrt(5))`, which is U(-1/sqrt(fanIn), 1/sqrt(fanIn)), and their bias
/// from the same interval. PyTorch computes fanIn from the weight's layout alone: dimension 1
/// times the product of the remaining (kernel) dimensions. For a convolution (out, in, k, k)
/// that is in·k·k; for a transposed convolution, whose weight is (in, out, k, k), it is
/// out·k·k; for a linear layer (out, in) it is in.
public enum ParameterInitialization {
  /// PyTorch's fan-in of a weight of `shape` (rank 2 or more).
  public static func fanIn(weightShape shape: [Int]) -> Int {
    precondition(shape.count >= 2, "fan-in needs a weight of rank 2 or more, got \(shape)")
    return shape[1] * shape.dropFirst(2).reduce(1, *)
  }

  /// The half-width of the uniform interval for a layer whose weight has `shape`; 0 for a
  /// layer with no inputs, as in PyTorch.
  public static func bound(weightShape shape: [Int]) -> Float {
    let fanIn = fanIn(weightShape: shape)
    return fanIn > 0 ? 1 / Float(fanIn).squareRoot() : 0
  }

  /// Overwrites `tensor` with draws from U(-bound, bound), in row-major order.
  public static func fillUniform(
    _ tensor: Tensor, bound: Float, using generator: inout Xoshiro256Generator
  ) {
    tensor.withUnsafeMutableBufferPointer { values in
      for index in values.indices { values[index] = generator.nextSymmetric(bound: bound) }
    }
  }

  /// Initialises a layer's weight and, when present, its bias as PyTorch does, drawing the
  /// weight first.
  public static func initializeLayer(
    weight: Tensor, bias: Tensor?, using generator: inout Xoshiro256Generator
  ) {
    let bound = bound(weightShape: weight.shape)
    fillUniform(weight, bound: bound, using: &generator)
    if let bias { fillUniform(bias, bound: bound, using: &generator) }
  }
}
