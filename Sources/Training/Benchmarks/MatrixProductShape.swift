/// The kinds of layer the networks lower to matrix products, under PyTorch's names.
enum LayerKind: String, CaseIterable {
  case convolution = "Conv2d"
  case transposedConvolution = "ConvTranspose2d"
  case linear = "Linear"
}

/// A row-major matrix product C (M, N) = op(A) (M, K) op(B) (K, N), as `cblas_sgemm`
/// receives it; op transposes an operand that is stored transposed.
struct MatrixProductShape: Hashable {
  let m: Int
  let n: Int
  let k: Int
  let transposingA: Bool
  let transposingB: Bool

  /// 2·M·N·K: one multiply and one add per term.
  var floatingPointOperations: Double { 2 * Double(m) * Double(n) * Double(k) }

  /// "M x N x K" followed by the operands' storage as BLAS names it: N as is, T transposed.
  var description: String {
    "\(m) x \(n) x \(k) " + (transposingA ? "T" : "N") + (transposingB ? "T" : "N")
  }
}
