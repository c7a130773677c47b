/// The four elementwise arithmetic operations between two tensors, with broadcasting.
///
/// Shapes: `a` and `b` broadcast to `y` (NumPy rules); a gradient flowing back to an operand
/// that was repeated is summed over the repeated dimensions.

/// One elementwise arithmetic rule, resolved at compile time so the loops carry no calls.
protocol BinaryRule {
  static func apply(_ a: Float, _ b: Float) -> Float
}

enum AddRule: BinaryRule {
  @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a + b }
}
enum SubtractRule: BinaryRule {
  @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a - b }
}
enum MultiplyRule: BinaryRule {
  @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a * b }
}
enum DivideRule: BinaryRule {
  @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a / b }
}

/// Computes `rule(a, b)` over the broadcast shape into a new storage.
func broadcastKernel<Rule: BinaryRule>(_ rule: Rule.Type, _ a: Tensor, _ b: Tensor) -> (
  shape: [Int], storage: TensorStorage
) {
  let shape = Broadcasting.shape(a.shape, b.shape)
  let storage = Tensor.storage(for: shape)
  let y = storage.pointer
  let pa = a.storage.pointer
  let pb = b.storage.pointer
  if a.shape == b.shape {
    for index in 0..<a.count { y[index] = Rule.apply(pa[index], pb[index]) }
    return (shape, storage)
  }
  let walk = BroadcastWalk(output: shape, a: a.shape, b: b.shape)
  let (count, strideA, strideB) = (walk.innerCount, walk.innerStrideA, walk.innerStrideB)
  walk.forEachRun { output, offsetA, offsetB in
    let (runY, runA, runB) = (y + output, pa + offsetA, pb + offsetB)
    if strideA == 1 && strideB == 0 {
      let scalarB = runB[0]
      for index in 0..<count { runY[index] = Rule.apply(runA[index], scalarB) }
    } else if strideA == 0 && strideB == 1 {
      let scalarA = runA[0]
      for index in 0..<count { runY[index] = Rule.apply(scalarA, runB[index]) }
    } else {
      for index in 0..<count {
        runY[index] = Rule.apply(runA[index * strideA], runB[index * strideB])
      }
    }
  }
  return (shape, storage)
}

extension Tensor {
  /// Elementwise sum with broadcasting.
  public static func + (a: Tensor, b: Tensor) -> Tensor {
    let (shape, storage) = broadcastKernel(AddRule.self, a, b)
    let (shapeA, shapeB) = (a.shape, b.shape)
    return result("add", shape: shape, storage: storage, inputs: [a, b]) { gy, context in
      // y = a + b
      [
        context.needs(0) ? gy.summed(toShape: shapeA) : nil,
        context.needs(1) ? gy.summed(toShape: shapeB) : nil,
      ]
    }
  }

  /// Elementwise difference with broadcasting.
  public static func - (a: Tensor, b: Tensor) -> Tensor {
    let (shape, storage) = broadcastKernel(SubtractRule.self, a, b)
    let (shapeA, shapeB) = (a.shape, b.shape)
    return result("subtract", shape: shape, storage: storage, inputs: [a, b]) { gy, context in
      // y = a - b
      [
        context.needs(0) ? gy.summed(toShape: shapeA) : nil,
        context.needs(1) ? (gy * -1).summed(toShape: shapeB) : nil,
      ]
    }
  }

  /// Elementwise product with broadcasting.
  public static func * (a: Tensor, b: Tensor) -> Tensor {
    let (shape, storage) = broadcastKernel(MultiplyRule.self, a, b)
    return result("multiply", shape: shape, storage: storage, inputs: [a, b]) { gy, context in
      // y = a * b
      [
        context.needs(0) ? (gy * context.saved(b)).summed(toShape: a.shape) : nil,
        context.needs(1) ? (gy * context.saved(a)).summed(toShape: b.shape) : nil,
      ]
    }
  }

  /// Elementwise quotient with broadcasting.
  public static func / (a: Tensor, b: Tensor) -> Tensor {
    let (shape, storage) = broadcastKernel(DivideRule.self, a, b)
    return result("divide", shape: shape, storage: storage, inputs: [a, b]) { gy, context in
      // y = a / b: dy/da = 1/b, dy/db = -a/b^2
      let savedB = context.saved(b)
      let gradientA = gy / savedB
      return [
        context.needs(0) ? gradientA.summed(toShape: a.shape) : nil,
        context.needs(1)
          ? (gradientA * context.saved(a) / savedB * -1).summed(toShape: b.shape) : nil,
      ]
    }
  }
}
