import Model

/// Times the FESGAN networks at one setting: each network's forward and backward pass, each
/// distinct layer alone on the input shape it sees in its network, and `cblas_sgemm` alone on
/// the im2col products of those layers (which the Winograd layers replace by fewer operations).
struct ModelBenchmark {
  /// The least number of timed calls per measurement, after one warm-up call (see
  /// `medianSeconds`); the median is kept.
  let runs: Int
  let products: MatrixProductTimer

  /// The six basic expressions, the classes of SynthFaces without Neutral.
  static let classes = 6

  func measure(_ preset: TrainingPreset) -> ModelBenchmarkResult {
    let options = preset.options
    var configuration = options.modelConfiguration(classes: Self.classes)
    // Random weights serve: the identity network's cost does not depend on its values.
    configuration.usesIdentity = true
    let model = FESGANModel(configuration: configuration, seed: UInt64(options.seed))
    let workloads = NetworkWorkload.all(model, batch: options.batch, seed: UInt64(options.seed))
    let uses = workloads.flatMap(\.uses)
    let (kinds, winograd) = timeLayers(uses)
    return ModelBenchmarkResult(
      setting: preset, configuration: configuration, batch: options.batch,
      networks: workloads.map(timeNetwork), kinds: kinds, winograd: winograd,
      typicalProducts: typicalProducts(uses))
  }

  /// The network's forward pass, and its backward pass from the sum of its outputs.
  private func timeNetwork(_ workload: NetworkWorkload) -> ModelBenchmarkResult.NetworkTiming {
    let forward = medianSeconds(runs: runs) { _ = workload.forward(workload.input) }
    let backward = medianSeconds(runs: runs, setUp: { workload.forward(workload.input) }) {
      _ = gradients(of: $0, withRespectTo: workload.targets)
    }
    let operations = { (products: (LayerUse) -> [MatrixProductShape]) in
      workload.uses.flatMap(products).reduce(0) { $0 + $1.floatingPointOperations }
    }
    return ModelBenchmarkResult.NetworkTiming(
      name: workload.name, parameterCount: workload.parameterCount,
      backwardTarget: workload.targetDescription,
      forward: .init(operations: operations(\.forwardProducts), seconds: forward),
      backward: .init(operations: operations(\.backwardProducts), seconds: backward))
  }

  /// Every layer and its products, summed per kind, and the Winograd layers among them.
  /// Layers that repeat (the residual blocks of LightCNN-29) are timed once per distinct
  /// signature and counted once per use.
  private func timeLayers(_ uses: [LayerUse]) -> (
    kinds: [ModelBenchmarkResult.KindTiming], winograd: ModelBenchmarkResult.WinogradTiming
  ) {
    var kinds = LayerKind.allCases.map { ModelBenchmarkResult.KindTiming(kind: $0) }
    var winograd = ModelBenchmarkResult.WinogradTiming()
    var times: [String: (forward: Double, backward: Double)] = [:]
    for use in uses {
      let (forward, backward) = times[use.signature] ?? timeLayer(use)
      times[use.signature] = (forward, backward)
      let index = LayerKind.allCases.firstIndex(of: use.kind)!
      kinds[index].layerCount += 1
      kinds[index].forward += measurement(use.forwardProducts, forward)
      kinds[index].backward += measurement(use.backwardProducts, backward)
      kinds[index].forwardProducts += timeProducts(use.forwardProducts)
      kinds[index].backwardProducts += timeProducts(use.backwardProducts)
      if use.usesWinograd {
        winograd.layerCount += 1
        winograd.forward += measurement(use.forwardProducts, forward)
        winograd.backward += measurement(use.backwardProducts, backward)
        winograd.forwardProductOperations += use.winogradProductOperations
        winograd.backwardProductOperations +=
          Double(use.backwardPassCount) * use.winogradProductOperations
      }
    }
    return (kinds, winograd)
  }

  /// One layer forward, and backward from the sum of its output to its input (when it needs
  /// a gradient) and parameters (when trainable).
  private func timeLayer(_ use: LayerUse) -> (forward: Double, backward: Double) {
    var generator = Xoshiro256Generator(seed: 11)
    let x = NetworkWorkload.randomTensor(use.inputShape, using: &generator).detached(
      requiresGradient: use.needsInputGradient)
    let layer = use.affineLayer
    let targets =
      (use.needsInputGradient ? [x] : [])
      + (use.needsWeightGradient ? [layer.weight, layer.bias] : [])
    let output = use(x).shape
    precondition(output == use.outputShape, "\(use.name) gave \(output), walked \(use.outputShape)")
    let forward = medianSeconds(runs: runs) { _ = use(x) }
    let backward = medianSeconds(runs: runs, setUp: { use(x).sum() }) {
      _ = gradients(of: $0, withRespectTo: targets)
    }
    return (forward, backward)
  }

  private func measurement(_ products: [MatrixProductShape], _ seconds: Double)
    -> ModelBenchmarkResult.Measurement
  {
    .init(operations: products.reduce(0) { $0 + $1.floatingPointOperations }, seconds: seconds)
  }

  private func timeProducts(_ shapes: [MatrixProductShape]) -> ModelBenchmarkResult.Measurement {
    shapes.reduce(.init()) {
      $0 + .init(operations: $1.floatingPointOperations, seconds: products.seconds($1))
    }
  }

  /// The im2col convolution products that carry the most operations over all their uses;
  /// the Winograd layers issue none.
  private func typicalProducts(_ uses: [LayerUse], count: Int = 6)
    -> [ModelBenchmarkResult.ProductShare]
  {
    var totals: [MatrixProductShape: (operations: Double, example: String)] = [:]
    for use in uses where use.kind != .linear && !use.usesWinograd {
      let passes =
        use.forwardProducts.map { ($0, "forward") }
        + use.backwardProducts.map { ($0, "backward") }
      for (shape, pass) in passes {
        let example = totals[shape]?.example ?? "\(use.name) \(pass)"
        totals[shape] = ((totals[shape]?.operations ?? 0) + shape.floatingPointOperations, example)
      }
    }
    return totals.sorted { $0.value.operations > $1.value.operations }.prefix(count).map {
      .init(
        shape: $0.key, example: $0.value.example, operations: $0.value.operations,
        rate: products.rate($0.key))
    }
  }
}
