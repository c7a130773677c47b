/// Reading and writing the configuration as string metadata, under the reference's keys.
extension FESGANConfiguration {
  /// Reads a configuration from metadata written by the reference or by `metadata`.
  ///
  /// `dropout` and the lambdas fall back to their defaults when absent; `identity` accepts
  /// Python's `True`/`False`. `source` names the file in errors.
  public init(metadata: [String: String], source: String) throws {
    let reader = MetadataReader(metadata: metadata, source: source)
    self.init(
      imageSize: try reader.integer("image_size"), channels: try reader.integer("channels"),
      classes: try reader.integer("classes"), latentSize: try reader.integer("latent"),
      width: try reader.integer("width"), recognizerWidth: try reader.real("rec_width"),
      dropout: Float(try reader.real("dropout", default: 0.5)),
      slope: Float(try reader.real("slope", default: 0.01)),
      usesIdentity: try reader.boolean("identity"))
    lambdaGradientPenalty = Float(try reader.real("lambda_gp", default: 10))
    lambdaClassification = Float(try reader.real("lambda_cls", default: 1))
    lambdaLatent = Float(try reader.real("lambda_z", default: 1))
    lambdaReconstruction = Float(try reader.real("lambda_rec", default: 10))
    lambdaIdentity = Float(try reader.real("lambda_id", default: 5))
    lambdaSynthetic = Float(try reader.real("lambda_syn", default: 1))
    lambdaIntraClass = Float(try reader.real("lambda_intra", default: 1))
    lambdaJoint = Float(try reader.real("lambda_joint", default: 1))
    try validate(source: source)
  }

  /// The configuration as metadata under the reference's keys.
  public var metadata: [String: String] {
    [
      "image_size": "\(imageSize)", "channels": "\(channels)", "classes": "\(classes)",
      "latent": "\(latentSize)", "width": "\(width)", "rec_width": "\(recognizerWidth)",
      "dropout": "\(dropout)", "slope": "\(slope)", "identity": usesIdentity ? "True" : "False",
      "lambda_gp": "\(lambdaGradientPenalty)", "lambda_cls": "\(lambdaClassification)",
      "lambda_z": "\(lambdaLatent)", "lambda_rec": "\(lambdaReconstruction)",
      "lambda_id": "\(lambdaIdentity)", "lambda_syn": "\(lambdaSynthetic)",
      "lambda_intra": "\(lambdaIntraClass)", "lambda_joint": "\(lambdaJoint)",
    ]
  }
}

/// Typed access to string metadata.
private struct MetadataReader {
  let metadata: [String: String]
  let source: String

  func string(_ key: String) throws -> String {
    guard let value = metadata[key] else {
      throw FESGANConfigurationError.missingKey(source: source, key: key)
    }
    return value
  }

  func integer(_ key: String) throws -> Int {
    let text = try string(key)
    guard let value = Int(text) else {
      throw FESGANConfigurationError.invalidValue(
        source: source, key: key, value: text, expected: "an integer")
    }
    return value
  }

  func real(_ key: String, default fallback: Double? = nil) throws -> Double {
    if metadata[key] == nil, let fallback { return fallback }
    let text = try string(key)
    guard let value = Double(text), value.isFinite else {
      throw FESGANConfigurationError.invalidValue(
        source: source, key: key, value: text, expected: "a finite number")
    }
    return value
  }

  func boolean(_ key: String) throws -> Bool {
    let text = try string(key)
    switch text.lowercased() {
    case "true", "1": return true
    case "false", "0": return false
    default:
      throw FESGANConfigurationError.invalidValue(
        source: source, key: key, value: text, expected: "True or False")
    }
  }
}
