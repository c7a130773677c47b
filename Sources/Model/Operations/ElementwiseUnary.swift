import Foundation

/// Elementwise functions of one tensor.
///
/// Shapes: x and y have the same shape. Each backward is written with tensor operations, so it
/// can be differentiated again; without a graph it reuses the saved output where the
/// derivative is a function of it (tanh, sigmoid, exp, square root).

/// One elementwise function, resolved at compile time so the loop carries no calls.
protocol UnaryRule {
  static func apply(_ x: Float) -> Float
}

enum ExponentialRule: UnaryRule {
  @inline(__always) static func apply(_ x: Float) -> Float { Foundation.exp(x) }
}
enum LogarithmRule: UnaryRule {
  @inline(__always) static func apply(_ x: Float) -> Float { Foundation.log(x) }
}
enum SquareRootRule: UnaryRule {
  @inline(__always) static func apply(_ x: Float) -> Float { x.squareRoot() }
}
enum TanhRule: UnaryRule {
  @inline(__always) static func apply(_ x: Float) -> Float { Foundation.tanh(x) }
}
enum SigmoidRule: UnaryRule {
  // Written so that exp never overflows: for x < 0 it uses e^x / (1 + e^x).
  @inline(__always) static func apply(_ x: Float) -> Float {
    if x >= 0 { return 1 / (1 + Foundation.exp(-x)) }
    let e = Foundation.exp(x)
    return e / (1 + e)
  }
}
enum SoftplusRule: UnaryRule {
  // log(1 + e^x) = max(x, 0) + log(1 + e^-|x|), which neither overflows nor loses small values.
  @inline(__always) static func apply(_ x: Float) -> Float {
    max(x, 0) + Foundation.log1p(Foundation.exp(-Swift.abs(x)))
  }
}
enum AbsoluteRule: UnaryRule {
  @inline(__always) static func apply(_ x: Float) -> Float { Swift.abs(x) }
}
enum SignRule: UnaryRule {
  @inline(__always) static func apply(_ x: Float) -> Float { x > 0 ? 1 : (x < 0 ? -1 : 0) }
}

/// Applies `Rule` to every element into a new storage.
func unaryKernel<Rule: UnaryRule>(_ rule: Rule.Type, _ x: Tensor) -> TensorStorage {
  let storage = Tensor.storage(for: x.shape)
  let (input, output) = (x.storage.pointer, storage.pointer)
  for index in 0..<x.count { output[index] = Rule.apply(input[index]) }
  return storage
}

extension Tensor {
  /// A constant tensor holding `Rule` of each element (a derivative mask, for example).
  func constant<Rule: UnaryRule>(_ rule: Rule.Type) -> Tensor {
    Tensor(shape: shape, storage: unaryKernel(rule, self))
  }

  /// The output of an elementwise op: recomputed as a graph when the backward must be
  /// differentiable, else the saved values.
  private func output(
    _ storage: TensorStorage, _ context: BackwardContext, recompute: (Tensor) -> Tensor
  ) -> Tensor {
    context.createGraph ? recompute(self) : Tensor(shape: shape, storage: storage)
  }

  /// e^x.
  public func exp() -> Tensor {
    let storage = unaryKernel(ExponentialRule.self, self)
    return Tensor.result("exp", shape: shape, storage: storage, inputs: [self]) { gy, context in
      // y = e^x: dy/dx = y
      [gy * self.output(storage, context) { $0.exp() }]
    }
  }

  /// The natural logarithm.
  public func log() -> Tensor {
    let storage = unaryKernel(LogarithmRule.self, self)
    return Tensor.result("log", shape: shape, storage: storage, inputs: [self]) { gy, context in
      // y = log x: dy/dx = 1/x
      [gy / context.saved(self)]
    }
  }

  /// The square root.
  public func squareRoot() -> Tensor {
    let storage = unaryKernel(SquareRootRule.self, self)
    return Tensor.result("sqrt", shape: shape, storage: storage, inputs: [self]) { gy, context in
      // y = sqrt(x): dy/dx = 1 / (2 y)
      [gy / self.output(storage, context) { $0.squareRoot() } * 0.5]
    }
  }

  /// The elementwise square, x * x.
  public func squared() -> Tensor { self * self }

  /// The hyperbolic tangent.
  public func tanh() -> Tensor {
    let storage = unaryKernel(TanhRule.self, self)
    return Tensor.result("tanh", shape: shape, storage: storage, inputs: [self]) { gy, context in
      // y = tanh x: dy/dx = 1 - y^2
      let y = self.output(storage, context) { $0.tanh() }
      return [gy * (1 - y * y)]
    }
  }

  /// The logistic function 1 / (1 + e^-x).
  public func sigmoid() -> Tensor {
    let storage = unaryKernel(SigmoidRule.self, self)
    return Tensor.result("sigmoid", shape: shape, storage: storage, inputs: [self]) {
      gy, context in
      // y = sigmoid x: dy/dx = y (1 - y)
      let y = self.output(storage, context) { $0.sigmoid() }
      return [gy * y * (1 - y)]
    }
  }

  /// log(1 + e^x), computed without overflow.
  public func softplus() -> Tensor {
    let storage = unaryKernel(SoftplusRule.self, self)
    return Tensor.result("softplus", shape: shape, storage: storage, inputs: [self]) {
      gy, context in
      // y = log(1 + e^x): dy/dx = sigmoid x
      [gy * context.saved(self).sigmoid()]
    }
  }

  /// The absolute value; its derivative at 0 is taken as 0.
  public func abs() -> Tensor {
    let storage = unaryKernel(AbsoluteRule.self, self)
    return Tensor.result("abs", shape: shape, storage: storage, inputs: [self]) { gy, _ in
      // y = |x|: dy/dx = sign x, piecewise constant
      [gy * self.constant(SignRule.self)]
    }
  }
}
