import Foundation

/// The shape of the FESGAN networks and the weights of their losses.
///
/// The defaults are the method's paper setting at image size 128. Checkpoints and reference
/// files carry the configuration as string metadata under the reference's keys (`image_size`,
/// `rec_width`, `lambda_gp`, ...); `init(metadata:source:)` reads it and `metadata` writes it.
public struct FESGANConfiguration: Equatable, Sendable {
  /// The side S of the square images: 32, 64 or 128.
  public var imageSize: Int
  /// Image channels C: 3 (RGB) or 1.
  public var channels: Int
  /// Expression classes K.
  public var classes: Int
  /// The latent code size d_z.
  public var latentSize: Int
  /// The base width w of the encoder, decoder and image critic.
  public var width: Int
  /// The recognizer's channel multiplier r (1 is LightCNN-29's widths).
  public var recognizerWidth: Double
  /// The recognizer's dropout probability before its classifier, in training.
  public var dropout: Float
  /// The negative slope of every LeakyReLU.
  public var slope: Float
  /// Whether the frozen identity network F is part of the model.
  public var usesIdentity: Bool
  /// Weight of the gradient penalty in the image critic's loss.
  public var lambdaGradientPenalty: Float
  /// Weight of the expression classification terms of the critic and generator.
  public var lambdaClassification: Float
  /// Weight of the latent prior term of the generator.
  public var lambdaLatent: Float
  /// Weight of the reconstruction term of the generator.
  public var lambdaReconstruction: Float
  /// Weight of the identity term of the generator (used only with the identity network).
  public var lambdaIdentity: Float
  /// Weight of the recognizer's loss on invented faces.
  public var lambdaSynthetic: Float
  /// Weight of the intra-class loss of the recognizer.
  public var lambdaIntraClass: Float
  /// Weight of the recognizer's loss on invented faces in the generator's joint loss.
  public var lambdaJoint: Float

  /// A configuration; every argument defaults to the paper setting.
  public init(
    imageSize: Int = 128, channels: Int = 3, classes: Int = 6, latentSize: Int = 64,
    width: Int = 64, recognizerWidth: Double = 1, dropout: Float = 0.5, slope: Float = 0.01,
    usesIdentity: Bool = true, lambdaGradientPenalty: Float = 10, lambdaClassification: Float = 1,
    lambdaLatent: Float = 1, lambdaReconstruction: Float = 10, lambdaIdentity: Float = 5,
    lambdaSynthetic: Float = 1, lambdaIntraClass: Float = 1, lambdaJoint: Float = 1
  ) {
    self.imageSize = imageSize
    self.channels = channels
    self.classes = classes
    self.latentSize = latentSize
    self.width = width
    self.recognizerWidth = recognizerWidth
    self.dropout = dropout
    self.slope = slope
    self.usesIdentity = usesIdentity
    self.lambdaGradientPenalty = lambdaGradientPenalty
    self.lambdaClassification = lambdaClassification
    self.lambdaLatent = lambdaLatent
    self.lambdaReconstruction = lambdaReconstruction
    self.lambdaIdentity = lambdaIdentity
    self.lambdaSynthetic = lambdaSynthetic
    self.lambdaIntraClass = lambdaIntraClass
    self.lambdaJoint = lambdaJoint
  }

  /// The recognizer's width for a LightCNN-29 width `base` (48, 96, 192, ...): base·r rounded
  /// half to even as Python's `round` does, and at least 1.
  public func recognizerChannels(_ base: Int) -> Int {
    max(1, Int((Double(base) * recognizerWidth).rounded(.toNearestOrEven)))
  }

  /// log2 of the image size.
  public var imageSizeExponent: Int { imageSize.trailingZeroBitCount }

  /// Throws unless the networks can be built from this configuration.
  public func validate(source: String) throws {
    func fail(_ key: String, _ value: String, _ expected: String) -> FESGANConfigurationError {
      .invalidValue(source: source, key: key, value: value, expected: expected)
    }
    guard [32, 64, 128].contains(imageSize) else {
      throw fail("image_size", "\(imageSize)", "32, 64 or 128")
    }
    guard channels == 1 || channels == 3 else { throw fail("channels", "\(channels)", "1 or 3") }
    guard classes >= 2 else { throw fail("classes", "\(classes)", "at least 2") }
    guard latentSize >= 1 else { throw fail("latent", "\(latentSize)", "at least 1") }
    guard width >= 1 else { throw fail("width", "\(width)", "at least 1") }
    guard recognizerWidth > 0 else {
      throw fail("rec_width", "\(recognizerWidth)", "a positive multiplier")
    }
    guard dropout >= 0 && dropout < 1 else {
      throw fail("dropout", "\(dropout)", "a probability in [0, 1)")
    }
  }
}

/// A configuration that cannot be read or built.
public enum FESGANConfigurationError: Error, CustomStringConvertible, Equatable {
  /// `source` lacks the metadata key `key`.
  case missingKey(source: String, key: String)
  /// The value of `key` in `source` is not `expected`.
  case invalidValue(source: String, key: String, value: String, expected: String)

  /// A message naming the source, the key and what is expected.
  public var description: String {
    switch self {
    case .missingKey(let source, let key):
      return "\(source): configuration key '\(key)' is missing; the file was not written by "
        + "this trainer or the reference"
    case .invalidValue(let source, let key, let value, let expected):
      return "\(source): configuration '\(key)' is '\(value)', expected \(expected)"
    }
  }
}
