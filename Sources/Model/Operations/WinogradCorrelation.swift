import COpenBLAS

/// Winograd's minimal filtering F(2x2, 3x3): a correlation with 3x3 kernels, unit stride and
/// one pixel of zero padding, whose output has the size of its input.
///
/// Each 2x2 output tile comes from the 4x4 input tile d that starts one pixel above and to the
/// left of it, as y = A^T [(G g G^T) ⊙ (B^T d B)] A: 16 multiplications per kernel g instead of
/// 36. Summed over input channels, the elementwise product at each of the 16 positions k of a
/// transformed tile is a matrix product, M[k] = U[k] V[k], so the multiplications become 16
/// `cblas_sgemm` calls over many tiles at once. Tiles that cross the bottom or right edge (odd
/// H or W) read zeros there and drop the outputs that fall outside.
///
/// The transforms are exact in real arithmetic; in float32 they add a few roundings per value
/// (B and A only add and subtract, G halves), so results agree with the direct sum about as
/// well as the im2col product does (relative errors of a few 1e-7 at LightCNN-29's widths).
///
/// Shapes, with C and O this correlation's own input and output channels: input (B, C, H, W),
/// output (B, O, H, W), kernels (O, C, 3, 3); tiles (B, TH, TW) with TH = ceil(H / 2) and
/// TW = ceil(W / 2), taken in chunks of whole tile rows, the T tiles of a chunk ordered
/// (sample, tile row, tile column); transformed kernels U (16, O, C), transformed input
/// V (16, C, T) and products M (16, O, T), all row-major, so each product is a plain one.
struct WinogradCorrelation {
  /// Whether a convolution with these sizes is lowered this way: a 3x3 kernel with unit
  /// stride and one pixel of padding, whose output has the size of its input.
  static func applies(kernelHeight: Int, kernelWidth: Int, stride: Int, padding: Int) -> Bool {
    kernelHeight == 3 && kernelWidth == 3 && stride == 1 && padding == 1
  }

  /// B, C, O, H, W.
  let batch: Int
  let inputChannels: Int
  let outputChannels: Int
  let height: Int
  let width: Int

  /// TH: tile rows per sample.
  var tileRows: Int { (height + 1) / 2 }
  /// TW: tiles per tile row.
  var tileColumns: Int { (width + 1) / 2 }

  /// How many tile rows (counted over all samples) to transform and multiply at once: enough
  /// tiles for efficient products, few enough that V and M together stay within 8 MiB, a size
  /// the allocator recycles instead of mapping fresh (and page-faulting) memory on every call.
  var tileRowsPerChunk: Int {
    let budget = 2 << 20
    let perTileRow = 16 * (inputChannels + outputChannels) * tileColumns
    return max(1, min(batch * tileRows, budget / perTileRow))
  }

  /// output = correlate(input, kernels) (+ bias per output channel).
  ///
  /// - Parameters:
  ///   - weight: The kernels, read as a convolution's weight (O, C, 3, 3), or when `adjoint`
  ///     as the weight (C, O, 3, 3) of the convolution whose input gradient this correlation
  ///     computes: the kernel from c to o is then weight[c][o] rotated by 180 degrees.
  ///   - bias: (O), or `nil`.
  func apply(
    _ input: UnsafePointer<Float>, weight: UnsafePointer<Float>, adjoint: Bool,
    bias: UnsafePointer<Float>?, output: UnsafeMutablePointer<Float>
  ) {
    let u = UnsafeMutablePointer<Float>.allocate(capacity: 16 * outputChannels * inputChannels)
    defer { u.deallocate() }
    transformKernels(weight, adjoint: adjoint, into: u)
    forEachChunk { rows, tiles, v, m in
      transformInput(input, tileRows: rows, into: v)
      // M[k] (O, T) = U[k] (O, C) V[k] (C, T)
      for k in 0..<16 {
        cblas_sgemm(
          CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(outputChannels), Int32(tiles),
          Int32(inputChannels), 1, u + k * outputChannels * inputChannels, Int32(inputChannels),
          v + k * inputChannels * tiles, Int32(tiles), 0, m + k * outputChannels * tiles,
          Int32(tiles))
      }
      transformOutput(m, tileRows: rows, bias: bias, into: output)
    }
  }

  /// The kernels' gradient (O, C, 3, 3) of <output gradient, correlate(input, kernels)>,
  /// summed over the batch, through the same transforms: with dM = A dy A^T per output tile,
  /// dU[k] (O, C) = dM[k] (O, T) V[k]^T (T, C) over all tiles, and dg = G^T dU G.
  func kernelGradient(
    _ input: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
    into weight: UnsafeMutablePointer<Float>
  ) {
    let du = UnsafeMutablePointer<Float>.allocate(capacity: 16 * outputChannels * inputChannels)
    defer { du.deallocate() }
    du.initialize(repeating: 0, count: 16 * outputChannels * inputChannels)
    forEachChunk { rows, tiles, v, dm in
      transformInput(input, tileRows: rows, into: v)
      transformOutputGradient(outputGradient, tileRows: rows, into: dm)
      // dU[k] (O, C) += dM[k] (O, T) V[k]^T (T, C)
      for k in 0..<16 {
        cblas_sgemm(
          CblasRowMajor, CblasNoTrans, CblasTrans, Int32(outputChannels), Int32(inputChannels),
          Int32(tiles), 1, dm + k * outputChannels * tiles, Int32(tiles),
          v + k * inputChannels * tiles, Int32(tiles), 1,
          du + k * outputChannels * inputChannels, Int32(inputChannels))
      }
    }
    transformKernelGradient(du, into: weight)
  }

  /// Runs `body` on consecutive chunks of `tileRowsPerChunk` tile rows covering the batch,
  /// with the chunk's tile count T and buffers for its V (16, C, T) and M (16, O, T), shared
  /// by all chunks.
  private func forEachChunk(
    _ body: (
      _ rows: Range<Int>, _ tiles: Int, _ v: UnsafeMutablePointer<Float>,
      _ m: UnsafeMutablePointer<Float>
    ) -> Void
  ) {
    let rowsPerChunk = tileRowsPerChunk
    let capacity = rowsPerChunk * tileColumns
    let v = UnsafeMutablePointer<Float>.allocate(capacity: 16 * inputChannels * capacity)
    let m = UnsafeMutablePointer<Float>.allocate(capacity: 16 * outputChannels * capacity)
    defer {
      v.deallocate()
      m.deallocate()
    }
    for first in Swift.stride(from: 0, to: batch * tileRows, by: rowsPerChunk) {
      let rows = first..<min(first + rowsPerChunk, batch * tileRows)
      body(rows, rows.count * tileColumns, v, m)
    }
  }
}
