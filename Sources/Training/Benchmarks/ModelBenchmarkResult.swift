import Model

/// What `disttrain bench model` measured at one setting.
struct ModelBenchmarkResult {
  /// Floating-point operations of lowered matrix products and the seconds they took.
  struct Measurement {
    var operations: Double = 0
    var seconds: Double = 0

    /// GFLOP/s.
    var rate: Double { seconds > 0 ? operations / seconds / 1e9 : 0 }

    static func + (a: Measurement, b: Measurement) -> Measurement {
      Measurement(operations: a.operations + b.operations, seconds: a.seconds + b.seconds)
    }

    static func += (a: inout Measurement, b: Measurement) { a = a + b }
  }

  /// One network's forward and backward pass; the operations are those of its layers'
  /// products, the seconds those of the whole pass.
  struct NetworkTiming {
    let name: String
    let parameterCount: Int
    /// What the backward differentiates with respect to.
    let backwardTarget: String
    let forward: Measurement
    let backward: Measurement
  }

  /// The layers of one kind over all six networks: each layer timed alone on its input
  /// shape, and `cblas_sgemm` alone on the same products.
  struct KindTiming {
    let kind: LayerKind
    var layerCount = 0
    var forward = Measurement()
    var backward = Measurement()
    var forwardProducts = Measurement()
    var backwardProducts = Measurement()
  }

  /// The layers lowered with Winograd's F(2x2, 3x3) over all six networks: their timings,
  /// with operations counted for the im2col products as everywhere else, and the operations
  /// their own products perform.
  struct WinogradTiming {
    var layerCount = 0
    var forward = Measurement()
    var backward = Measurement()
    var forwardProductOperations: Double = 0
    var backwardProductOperations: Double = 0

    /// The forward and backward rates on the operations the Winograd products perform.
    var productRates: (forward: Double, backward: Double) {
      (
        Measurement(operations: forwardProductOperations, seconds: forward.seconds).rate,
        Measurement(operations: backwardProductOperations, seconds: backward.seconds).rate
      )
    }
  }

  /// A product shape the convolutions lower to, with the operations it carries over all
  /// uses and the rate of `cblas_sgemm` on it.
  struct ProductShare {
    let shape: MatrixProductShape
    /// A layer that issues it, and in which pass.
    let example: String
    let operations: Double
    let rate: Double
  }

  let setting: TrainingPreset
  let configuration: FESGANConfiguration
  let batch: Int
  let networks: [NetworkTiming]
  let kinds: [KindTiming]
  /// The part of the convolution layers in `kinds` that Winograd lowers.
  let winograd: WinogradTiming
  /// The im2col convolution products carrying the most operations, largest first.
  let typicalProducts: [ProductShare]

  /// Conv2d and ConvTranspose2d layers together, forward and backward.
  var convolutions: (layers: Measurement, products: Measurement) {
    kinds.filter { $0.kind != .linear }.reduce((Measurement(), Measurement())) {
      ($0.0 + $1.forward + $1.backward, $0.1 + $1.forwardProducts + $1.backwardProducts)
    }
  }
}
