/// Unfolding an image into the columns of a matrix product (im2col) and folding columns back
/// into an image by summation (col2im, its adjoint).
///
/// Both split the channels among as many threads as the matrix products use: every channel
/// writes its own rows (unfold) or its own image planes (fold), so the split changes neither
/// the result nor the order of any sum.
///
/// Shapes: image chunk (S, C, H, W) for S samples; columns (R, S P Q) with
/// R = C KH KW ordered (c, ky, kx) to match the weight's (O, C, KH, KW) layout, and columns
/// ordered (sample, p, q).
extension ConvolutionGeometry {
  /// Writes the columns of `sampleCount` samples starting at `image` into `columns`.
  func unfold(
    _ image: UnsafePointer<Float>, sampleCount: Int, into columns: UnsafeMutablePointer<Float>
  ) {
    BLASThreads.forEachPart(of: channels, work: patchSize * sampleCount * outputPlane) {
      channelRange in
      unfold(image, sampleCount: sampleCount, into: columns, channels: channelRange)
    }
  }

  private func unfold(
    _ image: UnsafePointer<Float>, sampleCount: Int, into columns: UnsafeMutablePointer<Float>,
    channels channelRange: Range<Int>
  ) {
    let (plane, rowLength) = (imagePlane, sampleCount * outputPlane)
    for c in channelRange {
      for ky in 0..<kernelHeight {
        let rowsY = validOutputRange(kernelOffset: ky, size: height, outputSize: outputHeight)
        for kx in 0..<kernelWidth {
          let rowsX = validOutputRange(kernelOffset: kx, size: width, outputSize: outputWidth)
          let row = columns + ((c * kernelHeight + ky) * kernelWidth + kx) * rowLength
          for sample in 0..<sampleCount {
            let source = image + (sample * channels + c) * plane
            let destination = row + sample * outputPlane
            for p in 0..<outputHeight {
              let line = destination + p * outputWidth
              guard rowsY.contains(p) else {
                line.initialize(repeating: 0, count: outputWidth)
                continue
              }
              let sourceLine = source + (p * stride - padding + ky) * width - padding + kx
              line.initialize(repeating: 0, count: rowsX.lowerBound)
              if stride == 1 {
                (line + rowsX.lowerBound).update(
                  from: sourceLine + rowsX.lowerBound, count: rowsX.count)
              } else {
                for q in rowsX { line[q] = sourceLine[q * stride] }
              }
              (line + rowsX.upperBound).initialize(
                repeating: 0, count: outputWidth - rowsX.upperBound)
            }
          }
        }
      }
    }
  }

  /// Adds the columns of `sampleCount` samples back into `image` (which the caller zeroes),
  /// each image position receiving the sum over every column that read it.
  func fold(
    _ columns: UnsafePointer<Float>, sampleCount: Int, into image: UnsafeMutablePointer<Float>
  ) {
    BLASThreads.forEachPart(of: channels, work: patchSize * sampleCount * outputPlane) {
      channelRange in
      fold(columns, sampleCount: sampleCount, into: image, channels: channelRange)
    }
  }

  private func fold(
    _ columns: UnsafePointer<Float>, sampleCount: Int, into image: UnsafeMutablePointer<Float>,
    channels channelRange: Range<Int>
  ) {
    let (plane, rowLength) = (imagePlane, sampleCount * outputPlane)
    for c in channelRange {
      for ky in 0..<kernelHeight {
        let rowsY = validOutputRange(kernelOffset: ky, size: height, outputSize: outputHeight)
        for kx in 0..<kernelWidth {
          let rowsX = validOutputRange(kernelOffset: kx, size: width, outputSize: outputWidth)
          let row = columns + ((c * kernelHeight + ky) * kernelWidth + kx) * rowLength
          for sample in 0..<sampleCount {
            let target = image + (sample * channels + c) * plane
            let source = row + sample * outputPlane
            for p in rowsY {
              let line = source + p * outputWidth
              let targetLine = target + (p * stride - padding + ky) * width - padding + kx
              if stride == 1 {
                for q in rowsX { targetLine[q] += line[q] }
              } else {
                for q in rowsX { targetLine[q * stride] += line[q] }
              }
            }
          }
        }
      }
    }
  }
}
