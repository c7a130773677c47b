import COpenBLAS

/// The three products a convolution needs, each lowered to `cblas_sgemm`: over chunks of
/// samples unfolded together when output planes are small (a wider product runs closer to the
/// peak rate), one sample at a time when they are large (the product is wide enough already
/// and needs no reordering). See `ConvolutionGeometry.samplesPerChunk`. A 3x3 kernel with unit
/// stride and one pixel of padding goes through Winograd's F(2x2, 3x3) instead, which needs
/// 4/9 of the multiplications (`WinogradCorrelation`).
///
/// Shapes: image (B, C, H, W), output (B, O, P, Q), weight (O, C, KH, KW) read as (O, R),
/// columns (R, S P Q) for a chunk of S samples.
extension ConvolutionGeometry {
  /// y = W unfold(x) (+ bias per output channel).
  func forward(
    image: UnsafePointer<Float>, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
    output: UnsafeMutablePointer<Float>
  ) {
    if usesWinograd {
      return winograd(inputChannels: channels, outputChannels: outputChannels).apply(
        image, weight: weight, adjoint: false, bias: bias, output: output)
    }
    let chunk = samplesPerChunk
    let columns =
      isPointwise
      ? nil : UnsafeMutablePointer<Float>.allocate(capacity: patchSize * chunk * outputPlane)
    let product =
      chunk > 1
      ? UnsafeMutablePointer<Float>.allocate(capacity: outputChannels * chunk * outputPlane) : nil
    defer {
      columns?.deallocate()
      product?.deallocate()
    }
    for first in Swift.stride(from: 0, to: batch, by: chunk) {
      let samples = min(chunk, batch - first)
      let n = samples * outputPlane
      let sampleImage = image + first * channels * imagePlane
      if let columns { unfold(sampleImage, sampleCount: samples, into: columns) }
      let target = product ?? output + first * outputChannels * outputPlane
      multiply(
        Int32(outputChannels), Int32(n), Int32(patchSize), weight, CblasNoTrans,
        UnsafePointer(columns) ?? sampleImage, CblasNoTrans, target, accumulate: false)
      scatterChannels(
        target, samples: samples, into: output + first * outputChannels * outputPlane,
        bias: bias)
    }
  }

  /// x = fold(W^T v) (+ bias per image channel): the adjoint of `forward` in the image, which
  /// is also the transposed convolution of v.
  func inputGradient(
    output gradient: UnsafePointer<Float>, weight: UnsafePointer<Float>,
    bias: UnsafePointer<Float>?, image: UnsafeMutablePointer<Float>
  ) {
    // The image position (y, x) meets output position (y + 1 - ky, x + 1 - kx) through kernel
    // entry (ky, kx): a correlation of v, with the same padding, by the kernels rotated by 180
    // degrees and the channels swapped.
    if usesWinograd {
      return winograd(inputChannels: outputChannels, outputChannels: channels).apply(
        gradient, weight: weight, adjoint: true, bias: bias, output: image)
    }
    let chunk = samplesPerChunk
    let columns =
      isPointwise
      ? nil : UnsafeMutablePointer<Float>.allocate(capacity: patchSize * chunk * outputPlane)
    let gathered =
      chunk > 1
      ? UnsafeMutablePointer<Float>.allocate(capacity: outputChannels * chunk * outputPlane) : nil
    defer {
      columns?.deallocate()
      gathered?.deallocate()
    }
    if !isPointwise { image.initialize(repeating: 0, count: batch * channels * imagePlane) }
    for first in Swift.stride(from: 0, to: batch, by: chunk) {
      let samples = min(chunk, batch - first)
      let n = samples * outputPlane
      let sampleGradient = gradient + first * outputChannels * outputPlane
      let sampleImage = image + first * channels * imagePlane
      let source = gatherChannels(sampleGradient, samples: samples, into: gathered)
      multiply(
        Int32(patchSize), Int32(n), Int32(outputChannels), weight, CblasTrans, source,
        CblasNoTrans, columns ?? sampleImage, accumulate: false)
      if let columns { fold(columns, sampleCount: samples, into: sampleImage) }
    }
    if let bias { addChannelBias(bias, to: image, channelCount: channels, plane: imagePlane) }
  }

  /// W = sum over samples of v unfold(x)^T: the adjoint of `forward` in the weight.
  func weightGradient(
    image: UnsafePointer<Float>, output gradient: UnsafePointer<Float>,
    weight: UnsafeMutablePointer<Float>
  ) {
    if usesWinograd {
      return winograd(inputChannels: channels, outputChannels: outputChannels).kernelGradient(
        image, outputGradient: gradient, into: weight)
    }
    let chunk = samplesPerChunk
    let columns =
      isPointwise
      ? nil : UnsafeMutablePointer<Float>.allocate(capacity: patchSize * chunk * outputPlane)
    let gathered =
      chunk > 1
      ? UnsafeMutablePointer<Float>.allocate(capacity: outputChannels * chunk * outputPlane) : nil
    defer {
      columns?.deallocate()
      gathered?.deallocate()
    }
    if batch == 0 { weight.initialize(repeating: 0, count: outputChannels * patchSize) }
    for first in Swift.stride(from: 0, to: batch, by: chunk) {
      let samples = min(chunk, batch - first)
      let n = samples * outputPlane
      let sampleImage = image + first * channels * imagePlane
      if let columns { unfold(sampleImage, sampleCount: samples, into: columns) }
      let source = gatherChannels(
        gradient + first * outputChannels * outputPlane, samples: samples, into: gathered)
      multiply(
        Int32(outputChannels), Int32(patchSize), Int32(n), source, CblasNoTrans,
        UnsafePointer(columns) ?? sampleImage, CblasTrans, weight, accumulate: first > 0)
    }
  }

  private func winograd(inputChannels: Int, outputChannels: Int) -> WinogradCorrelation {
    WinogradCorrelation(
      batch: batch, inputChannels: inputChannels, outputChannels: outputChannels, height: height,
      width: width)
  }

  /// C (M, N) = A (M, K) B (K, N) (+ C when accumulating), row-major, each operand possibly
  /// stored transposed.
  private func multiply(
    _ m: Int32, _ n: Int32, _ k: Int32, _ a: UnsafePointer<Float>, _ transposeA: CBLAS_TRANSPOSE,
    _ b: UnsafePointer<Float>, _ transposeB: CBLAS_TRANSPOSE, _ c: UnsafeMutablePointer<Float>,
    accumulate: Bool
  ) {
    let leadingA = transposeA == CblasNoTrans ? k : m
    let leadingB = transposeB == CblasNoTrans ? n : k
    cblas_sgemm(
      CblasRowMajor, transposeA, transposeB, m, n, k, 1, a, leadingA, b, leadingB,
      accumulate ? 1 : 0, c, n)
  }

  /// Reorders a chunk's product (O, S P Q) into samples (S, O, P, Q), adding the bias; when the
  /// chunk is one sample the product was written in place and only the bias is added.
  private func scatterChannels(
    _ product: UnsafeMutablePointer<Float>, samples: Int, into output: UnsafeMutablePointer<Float>,
    bias: UnsafePointer<Float>?
  ) {
    if product != output {
      for sample in 0..<samples {
        for o in 0..<outputChannels {
          let source = product + (o * samples + sample) * outputPlane
          (output + (sample * outputChannels + o) * outputPlane).update(
            from: source, count: outputPlane)
        }
      }
    }
    if let bias {
      addChannelBias(
        bias, to: output, channelCount: outputChannels, plane: outputPlane, samples: samples)
    }
  }

  /// Reorders samples (S, O, P, Q) into (O, S P Q) for a product over a chunk; one sample is
  /// already in that order and is used as is.
  private func gatherChannels(
    _ gradient: UnsafePointer<Float>, samples: Int, into buffer: UnsafeMutablePointer<Float>?
  ) -> UnsafePointer<Float> {
    guard let buffer, samples > 1 else { return gradient }
    for sample in 0..<samples {
      for o in 0..<outputChannels {
        (buffer + (o * samples + sample) * outputPlane).update(
          from: gradient + (sample * outputChannels + o) * outputPlane, count: outputPlane)
      }
    }
    return UnsafePointer(buffer)
  }

  private func addChannelBias(
    _ bias: UnsafePointer<Float>, to planes: UnsafeMutablePointer<Float>, channelCount: Int,
    plane: Int, samples: Int? = nil
  ) {
    for sample in 0..<(samples ?? batch) {
      for c in 0..<channelCount {
        let value = bias[c]
        let line = planes + (sample * channelCount + c) * plane
        for index in 0..<plane { line[index] += value }
      }
    }
  }
}
