/// Arithmetic between a tensor and a constant number: `y = scale * x + shift`.
///
/// Shapes: x and y have the same shape.
extension Tensor {
  /// `scale * self + shift`, elementwise, in one pass.
  public func affine(scale: Float, shift: Float) -> Tensor {
    let storage = Tensor.storage(for: shape)
    let (x, y) = (self.storage.pointer, storage.pointer)
    for index in 0..<count { y[index] = scale * x[index] + shift }
    return Tensor.result("affine", shape: shape, storage: storage, inputs: [self]) { gy, _ in
      // y = scale * x + shift
      [gy.affine(scale: scale, shift: 0)]
    }
  }

  /// Adds a constant to every element.
  public static func + (x: Tensor, constant: Float) -> Tensor {
    x.affine(scale: 1, shift: constant)
  }
  /// Adds a constant to every element.
  public static func + (constant: Float, x: Tensor) -> Tensor {
    x.affine(scale: 1, shift: constant)
  }
  /// Subtracts a constant from every element.
  public static func - (x: Tensor, constant: Float) -> Tensor {
    x.affine(scale: 1, shift: -constant)
  }
  /// Subtracts every element from a constant.
  public static func - (constant: Float, x: Tensor) -> Tensor {
    x.affine(scale: -1, shift: constant)
  }
  /// Multiplies every element by a constant.
  public static func * (x: Tensor, constant: Float) -> Tensor {
    x.affine(scale: constant, shift: 0)
  }
  /// Multiplies every element by a constant.
  public static func * (constant: Float, x: Tensor) -> Tensor {
    x.affine(scale: constant, shift: 0)
  }
  /// Divides every element by a constant.
  public static func / (x: Tensor, constant: Float) -> Tensor {
    x.affine(scale: 1 / constant, shift: 0)
  }
  /// Negates every element.
  public static prefix func - (x: Tensor) -> Tensor { x.affine(scale: -1, shift: 0) }
}
