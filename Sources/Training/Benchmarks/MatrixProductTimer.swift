import COpenBLAS
import Model

/// Times `cblas_sgemm` alone, with this process's OpenBLAS threads, on the shapes the layers
/// lower to: the rate the layers would reach if the lowering around the products cost nothing.
final class MatrixProductTimer {
  let runs: Int
  private var medians: [MatrixProductShape: Double] = [:]

  /// A timer that reports the median of at least `runs` calls after a warm-up call.
  init(runs: Int) {
    self.runs = runs
  }

  /// Seconds per product of `shape`; each shape is timed once and remembered.
  func seconds(_ shape: MatrixProductShape) -> Double {
    if let known = medians[shape] { return known }
    let measured = measure(shape)
    medians[shape] = measured
    return measured
  }

  /// GFLOP/s of one product of `shape`.
  func rate(_ shape: MatrixProductShape) -> Double {
    shape.floatingPointOperations / seconds(shape) / 1e9
  }

  private func measure(_ shape: MatrixProductShape) -> Double {
    var generator = Xoshiro256Generator(seed: 7)
    let a = (0..<shape.m * shape.k).map { _ in generator.nextSymmetric(bound: 1) }
    let b = (0..<shape.k * shape.n).map { _ in generator.nextSymmetric(bound: 1) }
    var c = [Float](repeating: 0, count: shape.m * shape.n)
    // Row-major leading dimensions: the stored row length of each operand.
    let leadingA = Int32(shape.transposingA ? shape.m : shape.k)
    let leadingB = Int32(shape.transposingB ? shape.k : shape.n)
    return c.withUnsafeMutableBufferPointer { c in
      medianSeconds(runs: runs) {
        cblas_sgemm(
          CblasRowMajor, shape.transposingA ? CblasTrans : CblasNoTrans,
          shape.transposingB ? CblasTrans : CblasNoTrans, Int32(shape.m), Int32(shape.n),
          Int32(shape.k), 1, a, leadingA, b, leadingB, 0, c.baseAddress, Int32(shape.n))
      }
    }
  }
}
