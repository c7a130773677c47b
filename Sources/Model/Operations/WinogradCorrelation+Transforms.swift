/// The tile transforms of F(2x2, 3x3), each applied as 1-D steps down a tile's columns and
/// then along its rows:
///
///     B^T = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1]    input tile d, 4 -> 4
///     G   = [1 0 0; 1/2 1/2 1/2; 1/2 -1/2 1/2; 0 0 1]  kernel g, 3 -> 4
///     A^T = [1 1 1 0; 0 1 -1 -1]                       product M, 4 -> 2
///
/// and, for the kernel gradient, their adjoints: A on output gradient tiles (2 -> 4) and G^T
/// on dU (4 -> 3). Position k = 4 i + j of a transformed tile is row i, column j.
///
/// The input and output transforms go one tile row at a time over rows whose even and odd
/// columns were taken apart, so every step runs over the tiles of the row with unit stride, in
/// vectors (`FloatRows`). Every transform splits channels among threads, each channel
/// writing values of its own (rows of U, V or M, image planes, kernels), so the split changes
/// no result.
///
/// Shapes as in `WinogradCorrelation`; `tileRows` are indices into the B TH (sample, tile
/// row) pairs of the batch, and a chunk's tiles start at its first tile row.
extension WinogradCorrelation {
  /// U (16, O, C) = G g G^T for every kernel g.
  func transformKernels(
    _ weight: UnsafePointer<Float>, adjoint: Bool, into u: UnsafeMutablePointer<Float>
  ) {
    let pairs = outputChannels * inputChannels
    BLASThreads.forEachPart(of: outputChannels, work: 16 * pairs) { outputs in
      for o in outputs {
        for c in 0..<inputChannels {
          transformKernel(weight, adjoint: adjoint, from: c, to: o, into: u)
        }
      }
    }
  }

  /// U[k][o][c] for the kernel g from input channel c to output channel o.
  private func transformKernel(
    _ weight: UnsafePointer<Float>, adjoint: Bool, from c: Int, to o: Int,
    into u: UnsafeMutablePointer<Float>
  ) {
    let pairs = outputChannels * inputChannels
    let kernel =
      adjoint ? weight + (c * outputChannels + o) * 9 : weight + (o * inputChannels + c) * 9
    // Row a of g as a vector over its columns; the adjoint's kernel is rotated by 180
    // degrees.
    let row = { (a: Int) -> SIMD4<Float> in
      adjoint
        ? SIMD4(kernel[8 - 3 * a], kernel[7 - 3 * a], kernel[6 - 3 * a], 0)
        : SIMD4(kernel[3 * a], kernel[3 * a + 1], kernel[3 * a + 2], 0)
    }
    let gg = Self.spread(row(0), row(1), row(2))
    // The columns b of G g, as vectors over its rows i.
    let column = { (b: Int) in SIMD4(gg.0[b], gg.1[b], gg.2[b], gg.3[b]) }
    // The columns j of G g G^T, as vectors over i.
    let (u0, u1, u2, u3) = Self.spread(column(0), column(1), column(2))
    for i in 0..<4 {
      let target = u + 4 * i * pairs + o * inputChannels + c
      target[0] = u0[i]
      target[pairs] = u1[i]
      target[2 * pairs] = u2[i]
      target[3 * pairs] = u3[i]
    }
  }

  /// The kernels' gradient (O, C, 3, 3) = G^T dU G from dU (16, O, C).
  func transformKernelGradient(_ du: UnsafePointer<Float>, into weight: UnsafeMutablePointer<Float>)
  {
    let pairs = outputChannels * inputChannels
    BLASThreads.forEachPart(of: outputChannels, work: 16 * pairs) { outputs in
      for o in outputs {
        for c in 0..<inputChannels { transformKernelGradient(du, from: c, to: o, into: weight) }
      }
    }
  }

  /// The gradient of the kernel g from input channel c to output channel o.
  private func transformKernelGradient(
    _ du: UnsafePointer<Float>, from c: Int, to o: Int, into weight: UnsafeMutablePointer<Float>
  ) {
    let pairs = outputChannels * inputChannels
    // Row i of dU as a vector over its columns j.
    let row = { (i: Int) -> SIMD4<Float> in
      let source = du + 4 * i * pairs + o * inputChannels + c
      return SIMD4(source[0], source[pairs], source[2 * pairs], source[3 * pairs])
    }
    let rows = Self.collect(row(0), row(1), row(2), row(3))
    // The columns j of G^T dU, as vectors over its rows a.
    let column = { (j: Int) in SIMD4(rows.0[j], rows.1[j], rows.2[j], 0) }
    // The columns b of G^T dU G, as vectors over a.
    let (g0, g1, g2) = Self.collect(column(0), column(1), column(2), column(3))
    let kernel = weight + (o * inputChannels + c) * 9
    for a in 0..<3 {
      kernel[3 * a] = g0[a]
      kernel[3 * a + 1] = g1[a]
      kernel[3 * a + 2] = g2[a]
    }
  }

  /// V (16, C, T) of the tile rows `rows`.
  func transformInput(
    _ input: UnsafePointer<Float>, tileRows rows: Range<Int>, into v: UnsafeMutablePointer<Float>
  ) {
    forEachChannel(inputChannels, of: rows, scratch: 16 * (tileColumns + 1)) { c, row, scratch in
      transformInput(input, channel: c, tileRow: row, chunk: rows, scratch: scratch, into: v)
    }
  }

  /// The output (B, O, H, W) of the tile rows `rows` from M (16, O, T), plus the bias.
  func transformOutput(
    _ m: UnsafePointer<Float>, tileRows rows: Range<Int>, bias: UnsafePointer<Float>?,
    into output: UnsafeMutablePointer<Float>
  ) {
    forEachChannel(outputChannels, of: rows, scratch: 10 * tileColumns) { o, row, scratch in
      transformOutput(
        m, channel: o, tileRow: row, chunk: rows, bias: bias?[o] ?? 0, scratch: scratch,
        into: output)
    }
  }

  /// dM (16, O, T) = A dy A^T of the tile rows `rows` of the output gradient (B, O, H, W).
  func transformOutputGradient(
    _ gradient: UnsafePointer<Float>, tileRows rows: Range<Int>,
    into dm: UnsafeMutablePointer<Float>
  ) {
    forEachChannel(outputChannels, of: rows, scratch: 12 * tileColumns) { o, row, scratch in
      transformOutputGradient(
        gradient, channel: o, tileRow: row, chunk: rows, scratch: scratch, into: dm)
    }
  }

  /// Runs `body(channel, tileRow, scratch)` for every channel below `channels` and every tile
  /// row of `rows`, the channels split among the threads, each thread with `scratch` floats
  /// of its own.
  private func forEachChannel(
    _ channels: Int, of rows: Range<Int>, scratch count: Int,
    _ body: (Int, Int, UnsafeMutablePointer<Float>) -> Void
  ) {
    let work = 16 * channels * rows.count * tileColumns
    BLASThreads.forEachPart(of: channels, work: work) { part in
      let scratch = UnsafeMutablePointer<Float>.allocate(capacity: count)
      defer { scratch.deallocate() }
      for channel in part {
        for row in rows { body(channel, row, scratch) }
      }
    }
  }

  // MARK: One channel of one tile row

  /// V of channel c's tiles in one tile row; `scratch` holds 16 (TW + 1) values.
  private func transformInput(
    _ input: UnsafePointer<Float>, channel c: Int, tileRow row: Int, chunk: Range<Int>,
    scratch: UnsafeMutablePointer<Float>, into v: UnsafeMutablePointer<Float>
  ) {
    let n = tileColumns + 1
    let (sample, tileRow) = row.quotientAndRemainder(dividingBy: tileRows)
    let plane = input + (sample * inputChannels + c) * height * width
    // d[r]: image row 2 tileRow - 1 + r split into its n padded even columns (image columns
    // -1, 1, 3, ...) and its n padded odd ones (0, 2, 4, ...).
    let (d, t) = (scratch, scratch + 8 * n)
    for r in 0..<4 {
      let y = 2 * tileRow - 1 + r
      splitPaddedColumns(y >= 0 && y < height ? plane + y * width : nil, into: d + 2 * n * r)
    }
    // B^T down the columns.
    let (d0, d1, d2, d3) = (d, d + 2 * n, d + 4 * n, d + 6 * n)
    FloatRows.map(2 * n, d0, d2, into: t) { $0 - $1 }
    FloatRows.map(2 * n, d1, d2, into: t + 2 * n) { $0 + $1 }
    FloatRows.map(2 * n, d2, d1, into: t + 4 * n) { $0 - $1 }
    FloatRows.map(2 * n, d1, d3, into: t + 6 * n) { $0 - $1 }
    // B along the rows: tile q covers padded columns 2q ..< 2q + 4, which are even[q],
    // odd[q], even[q + 1] and odd[q + 1].
    let (tw, tiles) = (tileColumns, chunk.count * tileColumns)
    let step = inputChannels * tiles
    for i in 0..<4 {
      let (even, odd) = (t + 2 * n * i, t + 2 * n * i + n)
      let v0 = v + 4 * i * step + c * tiles + (row - chunk.lowerBound) * tw
      FloatRows.map(tw, even, even + 1, into: v0) { $0 - $1 }
      FloatRows.map(tw, odd, even + 1, into: v0 + step) { $0 + $1 }
      FloatRows.map(tw, even + 1, odd, into: v0 + 2 * step) { $0 - $1 }
      FloatRows.map(tw, odd, odd + 1, into: v0 + 3 * step) { $0 - $1 }
    }
  }

  /// Writes `line` (W values, or zeros when `nil`) padded by one zero on the left and zeros on
  /// the right as its even padded columns, then its odd ones, TW + 1 of each.
  private func splitPaddedColumns(
    _ line: UnsafePointer<Float>?, into d: UnsafeMutablePointer<Float>
  ) {
    let n = tileColumns + 1
    guard let line else { return d.update(repeating: 0, count: 2 * n) }
    let (even, odd, pairs) = (d, d + n, width / 2)
    even[0] = 0
    // Image column 2q is padded column 2q + 1 (odd), image column 2q + 1 is 2q + 2 (even).
    FloatRows.deinterleave(line, count: pairs, even: odd, odd: even + 1)
    (even + pairs + 1).update(repeating: 0, count: n - pairs - 1)
    if width % 2 == 1 { odd[pairs] = line[width - 1] }
    odd[tileColumns] = 0
  }

  /// Output channel o's rows of one tile row from M; `scratch` holds 10 TW values.
  private func transformOutput(
    _ m: UnsafePointer<Float>, channel o: Int, tileRow row: Int, chunk: Range<Int>,
    bias: Float, scratch s: UnsafeMutablePointer<Float>, into output: UnsafeMutablePointer<Float>
  ) {
    let tw = tileColumns
    let tiles = chunk.count * tw
    let step = outputChannels * tiles
    let source = m + o * tiles + (row - chunk.lowerBound) * tw
    // A^T down the columns: s[4 r + j] is output row r, transformed column j, over the tiles.
    for j in 0..<4 {
      let (m0, m1, m2, m3) = (
        source + j * step, source + (4 + j) * step, source + (8 + j) * step,
        source + (12 + j) * step
      )
      FloatRows.map(tw, m0, m1, m2, into: s + j * tw) { $0 + $1 + $2 }
      FloatRows.map(tw, m1, m2, m3, into: s + (4 + j) * tw) { $0 - $1 - $2 }
    }
    // A^T along the rows, into the image rows that lie inside the output.
    let (sample, tileRow) = row.quotientAndRemainder(dividingBy: tileRows)
    let plane = output + (sample * outputChannels + o) * height * width
    let (even, odd) = (s + 8 * tw, s + 9 * tw)
    for r in 0..<min(2, height - 2 * tileRow) {
      let line = plane + (2 * tileRow + r) * width
      let (p0, p1, p2, p3) = (
        s + 4 * r * tw, s + (4 * r + 1) * tw, s + (4 * r + 2) * tw, s + (4 * r + 3) * tw
      )
      FloatRows.map(tw, p0, p1, p2, into: even) { $0 + $1 + $2 }
      FloatRows.map(tw, p1, p2, p3, into: odd) { $0 - $1 - $2 }
      FloatRows.interleave(even: even, odd: odd, count: width / 2, adding: bias, into: line)
      if width % 2 == 1 { line[width - 1] = even[tw - 1] + bias }
    }
  }

  /// dM of output channel o's tiles in one tile row; `scratch` holds 12 TW values.
  private func transformOutputGradient(
    _ gradient: UnsafePointer<Float>, channel o: Int, tileRow row: Int, chunk: Range<Int>,
    scratch: UnsafeMutablePointer<Float>, into dm: UnsafeMutablePointer<Float>
  ) {
    let tw = tileColumns
    let (sample, tileRow) = row.quotientAndRemainder(dividingBy: tileRows)
    let plane = gradient + (sample * outputChannels + o) * height * width
    // e[r]: output row 2 tileRow + r split into its TW even columns then its TW odd ones,
    // zero past the edge.
    let (e, z) = (scratch, scratch + 4 * tw)
    for r in 0..<2 {
      let (y, even) = (2 * tileRow + r, e + 2 * tw * r)
      guard y < height else {
        even.update(repeating: 0, count: 2 * tw)
        continue
      }
      let (line, odd) = (plane + y * width, even + tw)
      FloatRows.deinterleave(line, count: width / 2, even: even, odd: odd)
      if width % 2 == 1 {
        even[tw - 1] = line[width - 1]
        odd[tw - 1] = 0
      }
    }
    // A down the columns: z[i] = (a, a + b, a - b, -b)[i] for output rows a and b.
    let (a, b) = (e, e + 2 * tw)
    z.update(from: a, count: 2 * tw)
    FloatRows.map(2 * tw, a, b, into: z + 2 * tw) { $0 + $1 }
    FloatRows.map(2 * tw, a, b, into: z + 4 * tw) { $0 - $1 }
    FloatRows.map(2 * tw, b, into: z + 6 * tw) { -$0 }
    // A along the rows.
    let tiles = chunk.count * tw
    let step = outputChannels * tiles
    for i in 0..<4 {
      let (even, odd) = (z + 2 * tw * i, z + 2 * tw * i + tw)
      let d0 = dm + 4 * i * step + o * tiles + (row - chunk.lowerBound) * tw
      d0.update(from: even, count: tw)
      FloatRows.map(tw, even, odd, into: d0 + step) { $0 + $1 }
      FloatRows.map(tw, even, odd, into: d0 + 2 * step) { $0 - $1 }
      FloatRows.map(tw, odd, into: d0 + 3 * step) { -$0 }
    }
  }

  // MARK: 1-D steps

  /// G (a, b, c), lane by lane: three kernel values spread over four transformed positions.
  @inline(__always)
  private static func spread(_ a: SIMD4<Float>, _ b: SIMD4<Float>, _ c: SIMD4<Float>) -> (
    SIMD4<Float>, SIMD4<Float>, SIMD4<Float>, SIMD4<Float>
  ) {
    (a, 0.5 * (a + b + c), 0.5 * (a - b + c), c)
  }

  /// G^T (a, b, c, d), lane by lane: the adjoint of `spread`, four transformed positions
  /// collected to three kernel values.
  @inline(__always)
  private static func collect(
    _ a: SIMD4<Float>, _ b: SIMD4<Float>, _ c: SIMD4<Float>, _ d: SIMD4<Float>
  ) -> (SIMD4<Float>, SIMD4<Float>, SIMD4<Float>) {
    (a + 0.5 * (b + c), 0.5 * (b - c), 0.5 * (b + c) + d)
  }
}
