import Foundation

/// Compares this implementation with a reference file written by the PyTorch reference's
/// `make_fixtures.py`: the configuration in its metadata, every parameter as `param.NAME`, one
/// batch as `batch.*`, and the expected `out.*` outputs, `STAGE.loss.PHASE` losses and
/// `STAGE.grad.PHASE.NAME` gradients for the stages `pretrain` and `joint`.
///
/// The error of a tensor is ||a - b|| / ||b|| over the whole tensor, computed in double
/// precision. Some expected gradients are zero by construction (the bias of a convolution
/// that an instance normalisation follows) and hold only rounding noise; for a tensor whose
/// ||b|| is below `zeroThreshold` times the norm of its whole group, the error is ||a - b||
/// divided by the group's norm instead, an absolute check at the group's scale.
public enum ReferenceCheck {
  /// The tolerance for forward outputs and losses.
  public static let outputTolerance = 1e-4
  /// The tolerance for gradients through the whole model, the gradient penalty included.
  public static let gradientTolerance = 1e-3
  /// The relative size under which an expected tensor counts as zero within its group.
  public static let zeroThreshold = 1e-9

  /// Loads `url` and compares everything in it.
  public static func run(contentsOf url: URL) throws -> ReferenceCheckReport {
    try run(try SafeTensorsFile(contentsOf: url))
  }

  /// Compares everything in `file`.
  public static func run(_ file: SafeTensorsFile) throws -> ReferenceCheckReport {
    var configuration = try FESGANConfiguration(metadata: file.metadata, source: file.path)
    // Reference files are made without dropout, which is random.
    configuration.dropout = 0
    let model = FESGANModel(configuration: configuration, seed: 0)
    try model.load(from: file, prefix: "param.")
    let modelNames = Set(model.namedParameters.map { "param." + $0.name })
    let extra = file.names.filter { $0.hasPrefix("param.") && !modelNames.contains($0) }
    let batch = try referenceBatch(file)
    var measurements = try compareOutputs(file, model, batch)
    for stage in ["pretrain", "joint"] {
      measurements += try comparePhases(file, model, batch, stage: stage)
    }
    return ReferenceCheckReport(
      file: file.path, comparisons: errors(measurements), unexpectedParameters: extra)
  }

  /// The batch stored as `batch.*`; labels are stored as floats.
  static func referenceBatch(_ file: SafeTensorsFile) throws -> FESGANBatch {
    func tensor(_ key: String) throws -> Tensor {
      Tensor(shape: try file.shape("batch." + key), values: try file.floats("batch." + key))
    }
    func labels(_ key: String) throws -> [Int] {
      try file.doubles("batch." + key).map { Int($0.rounded()) }
    }
    return FESGANBatch(
      images: try tensor("x"), labels: try labels("y"), sameClassImages: try tensor("x_same"),
      targetLabels: try labels("c"), priorCodes: try tensor("z"), priorLabels: try labels("c_p"),
      priorClassImages: try tensor("x_p"), penaltyWeights: try file.floats("batch.alpha"))
  }

  /// The forward outputs `out.*`.
  private static func compareOutputs(
    _ file: SafeTensorsFile, _ model: FESGANModel, _ batch: FESGANBatch
  ) throws -> [Measurement] {
    let synthesis = model.synthesize(batch)
    let critic = model.imageCritic(batch.images)
    let recognized = model.recognizer(gray01(batch.images))
    var outputs: [(String, Tensor)] = [
      ("x_rec", synthesis.reconstruction), ("x_hat", synthesis.translation),
      ("x_pf", synthesis.invented), ("e", synthesis.code), ("critic_score_x", critic.score),
      ("critic_logits_x", critic.logits), ("recognizer_feature_x", recognized.feature),
      ("recognizer_logits_x", recognized.logits),
      ("latent_logit_z", model.latentCritic(batch.priorCodes)),
    ]
    if let identity = model.identity {
      outputs.append(("identity_x", identity(gray01(batch.images))))
    }
    return try outputs.map {
      try compare($1, with: "out.\($0)", in: file, group: "out", tolerance: outputTolerance)
    }
  }

  /// The losses of one stage and the gradient of each with respect to its group.
  private static func comparePhases(
    _ file: SafeTensorsFile, _ model: FESGANModel, _ batch: FESGANBatch, stage: String
  ) throws -> [Measurement] {
    let joint = stage == "joint"
    let synthesis = model.synthesize(batch)
    var phases: [(ParameterGroupName, Tensor)] = [
      (.latentCritic, model.latentCriticLoss(batch, synthesis)),
      (.imageCritic, model.imageCriticLoss(batch, synthesis)),
      (.generator, model.generatorLoss(batch, synthesis, joint: joint)),
    ]
    if joint { phases.append((.recognizer, model.recognizerLoss(batch, synthesis))) }
    var comparisons: [Measurement] = []
    for (name, loss) in phases {
      comparisons.append(
        try compare(
          loss, with: "\(stage).loss.\(name.rawValue)", in: file, group: "\(stage).loss",
          tolerance: outputTolerance))
      let group = model.group(name)
      let grads = gradients(of: loss, withRespectTo: group.tensors)
      for (parameter, gradient) in zip(group.parameters, grads) {
        comparisons.append(
          try compare(
            gradient, with: "\(stage).grad.\(name.rawValue).\(parameter.name)", in: file,
            group: "\(stage).grad.\(name.rawValue)", tolerance: gradientTolerance))
      }
    }
    return comparisons
  }

  /// The distance of `actual` from the tensor `key` of `file`.
  private static func compare(
    _ actual: Tensor, with key: String, in file: SafeTensorsFile, group: String,
    tolerance: Double
  ) throws -> Measurement {
    let expected = try file.doubles(key)
    guard expected.count == actual.count else {
      throw ReferenceCheckError.shapeMismatch(
        file: file.path, tensor: key, expected: try file.shape(key), actual: actual.shape)
    }
    var difference = 0.0
    var magnitude = 0.0
    actual.withUnsafeBufferPointer { values in
      for (value, target) in zip(values, expected) {
        difference += (Double(value) - target) * (Double(value) - target)
        magnitude += target * target
      }
    }
    return Measurement(
      name: key, group: group, differenceNorm: difference.squareRoot(),
      expectedNorm: magnitude.squareRoot(), tolerance: tolerance)
  }

  /// The errors of `measurements`, each relative to its own norm or, for a tensor that is
  /// zero within its group, to the group's norm.
  private static func errors(_ measurements: [Measurement]) -> [ReferenceComparison] {
    var groupNorms: [String: Double] = [:]
    for measurement in measurements {
      groupNorms[measurement.group, default: 0] +=
        measurement.expectedNorm
        * measurement.expectedNorm
    }
    return measurements.map { measurement in
      let groupNorm = groupNorms[measurement.group]!.squareRoot()
      var scale = measurement.expectedNorm
      if scale <= zeroThreshold * groupNorm { scale = groupNorm }
      let error = scale > 0 ? measurement.differenceNorm / scale : measurement.differenceNorm
      return ReferenceComparison(
        name: measurement.name, group: measurement.group,
        error: error.isNaN ? .infinity : error, tolerance: measurement.tolerance)
    }
  }

  /// The raw distance of one tensor from its reference.
  private struct Measurement {
    let name: String
    let group: String
    let differenceNorm: Double
    let expectedNorm: Double
    let tolerance: Double
  }
}

/// A reference file whose tensors cannot be compared with the model's.
public enum ReferenceCheckError: Error, CustomStringConvertible, Equatable {
  /// The expected tensor `tensor` has another size than the computed one.
  case shapeMismatch(file: String, tensor: String, expected: [Int], actual: [Int])

  /// A message naming the file and the tensor.
  public var description: String {
    switch self {
    case .shapeMismatch(let file, let tensor, let expected, let actual):
      return "\(file): '\(tensor)' has shape \(expected), the model computes \(actual); "
        + "the file was made by another version of the reference"
    }
  }
}
