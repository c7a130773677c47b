import Model
import XCTest

/// The convolution's three products against a direct float64 evaluation of the definition, at
/// sizes that take each lowering path: one product per sample (large output planes), several
/// samples per product with a partial last chunk, and 1x1 kernels that skip unfolding.
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
}
