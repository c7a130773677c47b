import COpenBLAS

/// Matrix product of two 2-D tensors through `cblas_sgemm`, optionally with either operand
/// transposed (read transposed, never copied).
///
/// Shapes: op(a): (M, K), op(b): (K, N), y: (M, N), where op(t) is t or its transpose.
public func matrixProduct(
  _ a: Tensor, _ b: Tensor, transposingA: Bool = false, transposingB: Bool = false
) -> Tensor {
  precondition(
    a.rank == 2 && b.rank == 2, "matrixProduct needs matrices, got \(a.shape), \(b.shape)")
  let (m, k) = transposingA ? (a.shape[1], a.shape[0]) : (a.shape[0], a.shape[1])
  let (kb, n) = transposingB ? (b.shape[1], b.shape[0]) : (b.shape[0], b.shape[1])
  precondition(k == kb, "inner dimensions differ: \(a.shape) x \(b.shape)")
  let storage = Tensor.storage(for: [m, n])
  if k == 0 {
    storage.pointer.initialize(repeating: 0, count: m * n)
  } else if m > 0 && n > 0 {
    cblas_sgemm(
      CblasRowMajor, transposingA ? CblasTrans : CblasNoTrans,
      transposingB ? CblasTrans : CblasNoTrans, Int32(m), Int32(n), Int32(k), 1,
      a.storage.pointer, Int32(a.shape[1]), b.storage.pointer, Int32(b.shape[1]), 0,
      storage.pointer, Int32(n))
  }
  return Tensor.result("matrixProduct", shape: [m, n], storage: storage, inputs: [a, b]) {
    gy, context in
    let (savedA, savedB) = (context.saved(a), context.saved(b))
    // y = op(a) op(b): d op(a) = gy op(b)^T and d op(b) = op(a)^T gy, transposed back when the
    // operand was read transposed.
    var gradients: [Tensor?] = [nil, nil]
    if context.needs(0) {
      gradients[0] =
        transposingA
        ? matrixProduct(savedB, gy, transposingA: transposingB, transposingB: true)
        : matrixProduct(gy, savedB, transposingB: !transposingB)
    }
    if context.needs(1) {
      gradients[1] =
        transposingB
        ? matrixProduct(gy, savedA, transposingA: true, transposingB: transposingA)
        : matrixProduct(savedA, gy, transposingA: !transposingA)
    }
    return gradients
  }
}

/// A fully connected layer, y = x W^T + b (PyTorch's `nn.Linear` layout).
///
/// Shapes: x: (B, I), weight: (O, I), bias: (O), y: (B, O).
public func linear(_ x: Tensor, weight: Tensor, bias: Tensor?) -> Tensor {
  precondition(x.rank == 2 && weight.rank == 2, "linear: x \(x.shape), weight \(weight.shape)")
  let product = matrixProduct(x, weight, transposingB: true)
  guard let bias else { return product }
  precondition(bias.shape == [weight.shape[0]], "linear: bias \(bias.shape) for \(weight.shape)")
  return product + bias
}
