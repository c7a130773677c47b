import Model
import XCTest

/// The convolution's three products against a direct float64 evaluation of the definition, at
/// sizes that take each lowering path: one product per sample (large output planes), several
/// samples per product with a partial last chunk, 1x1 kernels that skip unfolding, and 3x3
/// kernels with unit stride and one pixel of padding, which go through Winograd's F(2x2, 3x3).
final class ConvolutionLoweringTests: XCTestCase {
  private struct Case {
    let image: [Int]
    let weight: [Int]
    let stride: Int
    let padding: Int
  }

  /// y, dL/dx and dL/dw of L = sum(conv(x, w) * gy), by the definition, in float64.
  private func directConvolution(
    _ x: Tensor, _ w: Tensor, _ gy: Tensor, stride: Int, padding: Int
  ) -> (y: [Double], gx: [Double], gw: [Double]) {
    let (batch, channels, height, width) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let (outputs, kernelHeight, kernelWidth) = (w.shape[0], w.shape[2], w.shape[3])
    let (outputHeight, outputWidth) = (gy.shape[2], gy.shape[3])
    let (xs, ws, gys) = (x.values, w.values, gy.values)
    var y = [Double](repeating: 0, count: gy.count)
    var gx = [Double](repeating: 0, count: x.count)
    var gw = [Double](repeating: 0, count: w.count)
    for b in 0..<batch {
      for o in 0..<outputs {
        for p in 0..<outputHeight {
          for q in 0..<outputWidth {
            let out = ((b * outputs + o) * outputHeight + p) * outputWidth + q
            for c in 0..<channels {
              for ky in 0..<kernelHeight {
                let row = p * stride - padding + ky
                guard row >= 0 && row < height else { continue }
                for kx in 0..<kernelWidth {
                  let column = q * stride - padding + kx
                  guard column >= 0 && column < width else { continue }
                  let input = ((b * channels + c) * height + row) * width + column
                  let weight = ((o * channels + c) * kernelHeight + ky) * kernelWidth + kx
                  y[out] += Double(xs[input]) * Double(ws[weight])
                  gx[input] += Double(gys[out]) * Double(ws[weight])
                  gw[weight] += Double(gys[out]) * Double(xs[input])
                }
              }
            }
          }
        }
      }
    }
    return (y, gx, gw)
  }

  func testEveryLoweringPathMatchesTheDefinition() {
    var generator = SeededGenerator(seed: 31)
    let cases = [
      Case(image: [2, 3, 34, 33], weight: [4, 3, 3, 3], stride: 1, padding: 1),
      Case(image: [10, 64, 30, 30], weight: [3, 64, 3, 3], stride: 1, padding: 1),
      Case(image: [3, 5, 9, 7], weight: [4, 5, 1, 1], stride: 1, padding: 0),
      Case(image: [3, 6, 66, 64], weight: [5, 6, 4, 4], stride: 2, padding: 1),
    ]
    for item in cases {
      let x = randomTensor(item.image, requiresGradient: true, using: &generator)
      let w = randomTensor(item.weight, scale: 0.3, requiresGradient: true, using: &generator)
      let y = convolution2D(x, weight: w, bias: nil, stride: item.stride, padding: item.padding)
      let gy = randomTensor(y.shape, using: &generator)
      let computed = gradients(of: (y * gy).sum(), withRespectTo: [x, w])
      let expected = directConvolution(x, w, gy, stride: item.stride, padding: item.padding)
      let label = "image \(item.image) weight \(item.weight) s\(item.stride) p\(item.padding)"
      assertClose(y, expected.y, shape: y.shape, tolerance: 1e-5, "\(label) y")
      assertClose(computed[0], expected.gx, shape: x.shape, tolerance: 1e-5, "\(label) dx")
      assertClose(computed[1], expected.gw, shape: w.shape, tolerance: 1e-5, "\(label) dw")
    }
  }

  /// The Winograd path: even and odd sides (partial tiles at the bottom and right), planes
  /// smaller than one tile, one and many channels, one and several samples, with and without
  /// bias, and tile chunks that end inside a sample.
  func testWinogradConvolutionMatchesTheDefinition() {
    var generator = SeededGenerator(seed: 47)
    let cases: [(image: [Int], outputs: Int, bias: Bool)] = [
      ([1, 1, 1, 1], 1, false), ([2, 1, 2, 2], 3, true), ([3, 2, 3, 3], 1, true),
      ([1, 3, 1, 6], 2, false), ([2, 4, 5, 1], 3, true), ([4, 1, 7, 10], 1, false),
      ([1, 48, 16, 16], 96, true), ([5, 16, 9, 12], 24, false), ([2, 40, 45, 66], 48, true),
    ]
    for item in cases {
      let channels = item.image[1]
      let x = randomTensor(item.image, requiresGradient: true, using: &generator)
      let w = randomTensor(
        [item.outputs, channels, 3, 3], scale: 0.3, requiresGradient: true, using: &generator)
      let b =
        item.bias ? randomTensor([item.outputs], requiresGradient: true, using: &generator) : nil
      let y = convolution2D(x, weight: w, bias: b, stride: 1, padding: 1)
      let gy = randomTensor(y.shape, using: &generator)
      let targets = [x, w] + (b.map { [$0] } ?? [])
      let computed = gradients(of: (y * gy).sum(), withRespectTo: targets)
      var expected = directConvolution(x, w, gy, stride: 1, padding: 1)
      if let b { expected.y = adding(b, to: expected.y, shape: y.shape) }
      let label = "image \(item.image) to \(item.outputs) channels, bias \(item.bias)"
      assertClose(y, expected.y, shape: y.shape, tolerance: 1e-5, "\(label) y")
      assertClose(computed[0], expected.gx, shape: x.shape, tolerance: 1e-5, "\(label) dx")
      assertClose(computed[1], expected.gw, shape: w.shape, tolerance: 1e-5, "\(label) dw")
      if b != nil {
        assertClose(
          computed[2], channelSums(gy), shape: [item.outputs], tolerance: 1e-5, "\(label) db")
      }
    }
  }

  /// The transposed convolution with a 3x3 kernel, unit stride and one pixel of padding keeps
  /// the size and runs as a Winograd correlation with the rotated kernel; its gradients are
  /// the convolution (for v) and the weight gradient with the roles of image and output swapped.
  func testWinogradTransposedConvolutionMatchesTheDefinition() {
    var generator = SeededGenerator(seed: 53)
    let cases: [(input: [Int], outputs: Int, bias: Bool)] = [
      ([1, 1, 1, 1], 1, true), ([2, 3, 2, 5], 2, false), ([3, 24, 11, 8], 40, true),
    ]
    for item in cases {
      let v = randomTensor(item.input, requiresGradient: true, using: &generator)
      let w = randomTensor(
        [item.input[1], item.outputs, 3, 3], scale: 0.3, requiresGradient: true,
        using: &generator)
      let b =
        item.bias ? randomTensor([item.outputs], requiresGradient: true, using: &generator) : nil
      let y = transposedConvolution2D(v, weight: w, bias: b, stride: 1, padding: 1)
      let gy = randomTensor(y.shape, using: &generator)
      let targets = [v, w] + (b.map { [$0] } ?? [])
      let computed = gradients(of: (y * gy).sum(), withRespectTo: targets)
      // convT(v, w) is the input gradient of conv(., w) at output gradient v.
      let direct = directConvolution(gy, w, v, stride: 1, padding: 1)
      let forward = b.map { adding($0, to: direct.gx, shape: y.shape) } ?? direct.gx
      let label = "transposed, input \(item.input) to \(item.outputs) channels, bias \(item.bias)"
      assertClose(y, forward, shape: y.shape, tolerance: 1e-5, "\(label) y")
      assertClose(computed[0], direct.y, shape: v.shape, tolerance: 1e-5, "\(label) dv")
      assertClose(computed[1], direct.gw, shape: w.shape, tolerance: 1e-5, "\(label) dw")
      if b != nil {
        assertClose(
          computed[2], channelSums(gy), shape: [item.outputs], tolerance: 1e-5, "\(label) db")
      }
    }
  }

  /// Every value of the Winograd path comes from one thread in a fixed order of operations,
  /// so repeated runs give the same bits. (OpenBLAS's own products may round differently with
  /// another thread count, so runs are compared at the same count only.)
  func testWinogradConvolutionIsDeterministic() {
    var generator = SeededGenerator(seed: 59)
    let x = randomTensor([3, 32, 20, 18], requiresGradient: true, using: &generator)
    let w = randomTensor([64, 32, 3, 3], scale: 0.3, requiresGradient: true, using: &generator)
    let gy = randomTensor([3, 64, 20, 18], using: &generator)
    let run = { () -> [[Float]] in
      let y = convolution2D(x, weight: w, bias: nil, stride: 1, padding: 1)
      return [y.values] + gradients(of: (y * gy).sum(), withRespectTo: [x, w]).map(\.values)
    }
    let threads = BLASThreads.count
    defer { BLASThreads.set(threads) }
    for count in [1, 2] {
      BLASThreads.set(count)
      XCTAssert(run() == run(), "two runs with \(count) thread(s) differ")
    }
  }

  /// `values` (B, O, P, Q) plus bias (O) per channel.
  private func adding(_ bias: Tensor, to values: [Double], shape: [Int]) -> [Double] {
    let (channels, plane) = (shape[1], shape[2] * shape[3])
    let b = bias.values
    return values.enumerated().map { index, value in
      value + Double(b[index / plane % channels])
    }
  }

  /// gy (B, O, P, Q) summed over samples and positions, in float64.
  private func channelSums(_ gy: Tensor) -> [Double] {
    let (channels, plane) = (gy.shape[1], gy.shape[2] * gy.shape[3])
    var sums = [Double](repeating: 0, count: channels)
    for (index, value) in gy.values.enumerated() { sums[index / plane % channels] += Double(value) }
    return sums
  }
}
