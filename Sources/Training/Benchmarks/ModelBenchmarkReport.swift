import Foundation
import Model

/// `disttrain bench model`: per setting, the networks' forward and backward times, the
/// achieved rate of each layer kind beside `cblas_sgemm` on the same products, and the
/// convolutions' share of the square `cblas_sgemm` rate.
///
/// Every rate counts the operations of a layer's im2col products. The layers lowered with
/// Winograd's F(2x2, 3x3) perform fewer (4/9 of the multiplications), so their rates, and the
/// totals that include them, are effective ones that can pass `cblas_sgemm`'s; a separate
/// line gives those layers' rate on the operations they perform.
struct ModelBenchmarkReport {
  let job: Job
  let runs: Int

  /// The part of the square `cblas_sgemm` rate the convolution layers together aim for at
  /// the paper setting.
  static let convolutionTarget = 0.6

  /// The square product the layers are compared with.
  static let square = MatrixProductShape(
    m: 1024, n: 1024, k: 1024, transposingA: false, transposingB: false)

  func run(settings: [TrainingPreset]) {
    let console = job.console
    let products = MatrixProductTimer(runs: runs)
    console.info(
      "\(BLASThreads.count) OpenBLAS thread(s); times are medians of \(runs) or more runs"
        + " after one warm-up; GFLOP counts 2·M·N·K of each layer's im2col products, so"
        + " rates of layers lowered with Winograd F(2x2, 3x3), which perform fewer, are"
        + " effective rates")
    for setting in settings {
      let result = ModelBenchmark(runs: runs, products: products).measure(setting)
      // Measured beside each setting's tables, since other work on the node moves it.
      let squareRuns = max(runs, 20)
      let squareRate = MatrixProductTimer(runs: squareRuns).rate(Self.square)
      console.info("")
      printNetworks(result)
      console.info("")
      printKinds(result)
      printWinograd(result)
      console.info("")
      printTypicalProducts(result)
      console.info(
        String(
          format: "cblas_sgemm %@: %.1f GFLOP/s (median of %d runs)", Self.square.description,
          squareRate, squareRuns))
      let convolutions = result.convolutions
      console.info(
        String(
          format:
            "convolutions together (Conv2d and ConvTranspose2d, forward and backward): %.1f"
            + " GFLOP/s effective = %.0f%% of square sgemm (target %.0f%% at the paper setting),"
            + " %.0f%% of sgemm on the im2col products",
          convolutions.layers.rate, 100 * convolutions.layers.rate / squareRate,
          100 * Self.convolutionTarget, 100 * convolutions.layers.rate / convolutions.products.rate
        ))
    }
  }

  private func printNetworks(_ result: ModelBenchmarkResult) {
    let configuration = result.configuration
    job.console.info(
      "\(result.setting.rawValue): S=\(configuration.imageSize), C=\(configuration.channels),"
        + " w=\(configuration.width), r=\(format(configuration.recognizerWidth)),"
        + " batch \(result.batch), K=\(configuration.classes), d_z=\(configuration.latentSize);"
        + " backward from the sum of the outputs")
    job.console.info(
      pad("network", 24) + pad("params", 11) + pad("fwd ms", 10) + pad("GFLOP", 9)
        + pad("GFLOP/s", 9) + pad("bwd ms", 10) + pad("GFLOP", 9) + pad("GFLOP/s", 9)
        + "backward to")
    for network in result.networks {
      job.console.info(
        pad(network.name, 24) + pad(String(network.parameterCount), 11)
          + columns(network.forward) + columns(network.backward) + network.backwardTarget)
    }
    let forward = result.networks.reduce(ModelBenchmarkResult.Measurement()) { $0 + $1.forward }
    let backward = result.networks.reduce(ModelBenchmarkResult.Measurement()) { $0 + $1.backward }
    let parameters = result.networks.reduce(0) { $0 + $1.parameterCount }
    job.console.info(
      (pad("all six", 24) + pad(String(parameters), 11) + columns(forward) + columns(backward))
        .trimmingCharacters(in: .whitespaces))
  }

  private func printKinds(_ result: ModelBenchmarkResult) {
    job.console.info(
      "layer kinds, each layer timed alone on its input shape, summed over the six networks;"
        + " sgemm: cblas_sgemm alone on the im2col products over the whole batch")
    job.console.info(
      pad("kind", 17) + pad("layers", 8) + pad("pass", 10) + pad("ms", 10) + pad("GFLOP", 9)
        + pad("GFLOP/s", 9) + pad("sgemm GFLOP/s", 15) + "of sgemm")
    for kind in result.kinds {
      let passes = [
        ("forward", kind.forward, kind.forwardProducts),
        ("backward", kind.backward, kind.backwardProducts),
      ]
      for (index, (pass, layers, products)) in passes.enumerated() {
        job.console.info(
          pad(index == 0 ? kind.kind.rawValue : "", 17)
            + pad(index == 0 ? String(kind.layerCount) : "", 8) + pad(pass, 10)
            + columns(layers) + pad(String(format: "%.1f", products.rate), 15)
            + String(format: "%.0f%%", 100 * layers.rate / products.rate))
      }
    }
  }

  private func printWinograd(_ result: ModelBenchmarkResult) {
    let winograd = result.winograd
    guard winograd.layerCount > 0 else { return }
    let rates = winograd.productRates
    job.console.info(
      "of these, \(winograd.layerCount) layers (3x3, stride 1, padding 1) run Winograd"
        + " F(2x2, 3x3) instead of their im2col products; their rate on the operations of the"
        + " 16 products they do run (4/9 of the multiplications for even sides):")
    job.console.info(
      String(
        format:
          "  forward %.2f ms: %.1f GFLOP/s effective, %.1f GFLOP/s performed;"
          + " backward %.2f ms: %.1f GFLOP/s effective, %.1f GFLOP/s performed",
        winograd.forward.seconds * 1e3, winograd.forward.rate, rates.forward,
        winograd.backward.seconds * 1e3, winograd.backward.rate, rates.backward))
  }

  private func printTypicalProducts(_ result: ModelBenchmarkResult) {
    let total = result.convolutions.layers.operations
    job.console.info(
      "largest im2col convolution products (M x N x K, operand storage), whole batch, share of"
        + " all convolution operations")
    job.console.info(
      pad("product", 26) + pad("share", 8) + pad("sgemm GFLOP/s", 15) + "first issued by")
    for product in result.typicalProducts {
      job.console.info(
        pad(product.shape.description, 26)
          + pad(String(format: "%.0f%%", 100 * product.operations / total), 8)
          + pad(String(format: "%.1f", product.rate), 15) + product.example)
    }
  }

  /// Milliseconds, GFLOP and GFLOP/s.
  private func columns(_ measurement: ModelBenchmarkResult.Measurement) -> String {
    pad(String(format: "%.2f", measurement.seconds * 1e3), 10)
      + pad(String(format: "%.3f", measurement.operations / 1e9), 9)
      + pad(String(format: "%.1f", measurement.rate), 9)
  }

  private func format(_ value: Double) -> String {
    value == value.rounded() ? String(Int(value)) : String(value)
  }

  private func pad(_ text: String, _ width: Int) -> String {
    text.padding(toLength: max(width, text.count + 1), withPad: " ", startingAt: 0)
  }
}
