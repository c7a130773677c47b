import Foundation
import Model
import XCTest

/// Throughput of the convolution primitives at the paper setting (128x128 images, width 64,
/// batch 16), compared with one matrix product of the same size. Rates count the operations of
/// that product, so the recognizer layer, which runs Winograd's F(2x2, 3x3) and performs 4/9
/// of the multiplications, shows an effective rate that can pass the product's. Skipped unless
/// `MODEL_BENCHMARK=1`, because it takes seconds and its numbers depend on the machine's load.
final class ConvolutionBenchmarkTests: XCTestCase {
  private struct Layer {
    let name: String
    let image: [Int]
    let weight: [Int]
    let stride: Int
    let padding: Int
  }

  private let layers = [
    Layer(
      name: "encoder 2 (64->128, k4 s2, 64x64)", image: [16, 64, 64, 64], weight: [128, 64, 4, 4],
      stride: 2, padding: 1),
    Layer(
      name: "critic 4 (256->512, k4 s2, 16x16)", image: [16, 256, 16, 16],
      weight: [512, 256, 4, 4], stride: 2, padding: 1),
    Layer(
      name: "recognizer group 1 (48->2x96, k3 s1, 64x64)", image: [16, 48, 64, 64],
      weight: [192, 48, 3, 3], stride: 1, padding: 1),
  ]

  /// The best of `repeats` wall-clock timings of `body`, in seconds.
  private func fastest(_ repeats: Int, _ body: () -> Void) -> Double {
    (0..<repeats).map { _ in
      let start = DispatchTime.now().uptimeNanoseconds
      body()
      return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }.min()!
  }

  func testConvolutionThroughputAgainstMatrixProduct() throws {
    guard ProcessInfo.processInfo.environment["MODEL_BENCHMARK"] == "1" else {
      throw XCTSkip("set MODEL_BENCHMARK=1 to measure convolution throughput")
    }
    var generator = SeededGenerator(seed: 1)
    print("BLAS threads: \(BLASThreads.count)")
    for layer in layers {
      let x = randomTensor(layer.image, requiresGradient: true, using: &generator)
      let weight = randomTensor(
        layer.weight, scale: 0.05, requiresGradient: true, using: &generator)
      let bias = randomTensor([layer.weight[0]], requiresGradient: true, using: &generator)
      let y = convolution2D(
        x, weight: weight, bias: bias, stride: layer.stride, padding: layer.padding)
      let (m, n) = (layer.weight[0], y.count / layer.weight[0])
      let k = layer.weight[1] * layer.weight[2] * layer.weight[3]
      let flops = 2 * Double(m) * Double(n) * Double(k)
      let a = randomTensor([m, k], using: &generator)
      let b = randomTensor([k, n], using: &generator)
      let product = fastest(3) { _ = matrixProduct(a, b) }
      let forward = fastest(3) {
        _ = convolution2D(
          x, weight: weight, bias: bias, stride: layer.stride, padding: layer.padding)
      }
      let upstream = randomTensor(y.shape, using: &generator)
      let loss = (y * upstream).sum()
      let inputGradient = fastest(3) { _ = gradients(of: loss, withRespectTo: [x]) }
      let weightGradient = fastest(3) { _ = gradients(of: loss, withRespectTo: [weight]) }
      let rate = { (seconds: Double) in String(format: "%.1f", flops / seconds / 1e9) }
      print(
        "\(layer.name): \(String(format: "%.2f", flops / 1e9)) GFLOP; GFLOP/s sgemm \(rate(product)),"
          + " forward \(rate(forward)), input gradient \(rate(inputGradient)),"
          + " weight gradient \(rate(weightGradient))")
      XCTAssertGreaterThan(product / forward, 0.6, "\(layer.name): forward below 60% of sgemm")
    }
  }
}
