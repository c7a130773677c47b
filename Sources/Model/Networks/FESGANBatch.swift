/// Everything random in one training iteration, drawn by the caller, so that any
/// implementation given the same batch computes the same losses.
///
/// Shapes: images (B, C, S, S) in [-1, 1]; codes (B, d_z) in [-1, 1]; label arrays and
/// `penaltyWeights` have B entries.
public struct FESGANBatch {
  /// x: real images.
  public var images: Tensor
  /// y: their expression labels.
  public var labels: [Int]
  /// x_same: another real image of each image's class, for the intra-class loss.
  public var sameClassImages: Tensor
  /// c: the target expression of each translated image x_hat.
  public var targetLabels: [Int]
  /// z: codes drawn from U[-1, 1]^d_z for the invented faces.
  public var priorCodes: Tensor
  /// c_p: the expression of each invented face x_pf.
  public var priorLabels: [Int]
  /// x_p: a real image of each class c_p, the anchor of real data-guided back-propagation.
  public var priorClassImages: Tensor
  /// alpha: the weight of the real image in each gradient-penalty interpolation, U[0, 1].
  public var penaltyWeights: [Float]
  /// Dropout masks for the recognizer in training (`nil` evaluates it without dropout).
  public var recognizerDropout: RecognizerDropout?

  /// A batch; every tensor and array must have the same batch size B.
  public init(
    images: Tensor, labels: [Int], sameClassImages: Tensor, targetLabels: [Int],
    priorCodes: Tensor, priorLabels: [Int], priorClassImages: Tensor, penaltyWeights: [Float],
    recognizerDropout: RecognizerDropout? = nil
  ) {
    let batch = images.shape[0]
    precondition(
      [
        labels.count, sameClassImages.shape[0], targetLabels.count, priorCodes.shape[0],
        priorLabels.count, priorClassImages.shape[0], penaltyWeights.count,
      ]
      .allSatisfy { $0 == batch }, "batch parts differ in size")
    self.images = images
    self.labels = labels
    self.sameClassImages = sameClassImages
    self.targetLabels = targetLabels
    self.priorCodes = priorCodes
    self.priorLabels = priorLabels
    self.priorClassImages = priorClassImages
    self.penaltyWeights = penaltyWeights
    self.recognizerDropout = recognizerDropout
  }

  /// B.
  public var size: Int { images.shape[0] }
}

/// Dropout masks for each evaluation of the recognizer in one iteration: B·512r flags each,
/// row-major, `true` where a feature survives. Each evaluation gets its own mask, as each call
/// of a PyTorch module in training mode draws its own.
public struct RecognizerDropout {
  /// For R(x) in the recognizer's loss.
  public var real: [Bool]
  /// For R(x_same).
  public var sameClass: [Bool]
  /// For R(x_p).
  public var priorClass: [Bool]
  /// For R(x_pf) in the recognizer's loss.
  public var invented: [Bool]
  /// For R(x_pf) in the generator's joint loss.
  public var inventedForGenerator: [Bool]

  /// Masks for the five evaluations.
  public init(
    real: [Bool], sameClass: [Bool], priorClass: [Bool], invented: [Bool],
    inventedForGenerator: [Bool]
  ) {
    self.real = real
    self.sameClass = sameClass
    self.priorClass = priorClass
    self.invented = invented
    self.inventedForGenerator = inventedForGenerator
  }
}

/// The generator's outputs at the start of an iteration, which every phase then uses.
public struct Synthesis {
  /// e = E(x), (B, d_z).
  public let code: Tensor
  /// x_rec = G([e, onehot(y)]), (B, C, S, S).
  public let reconstruction: Tensor
  /// x_hat = G([e, onehot(c)]), (B, C, S, S).
  public let translation: Tensor
  /// x_pf = G([z, onehot(c_p)]), (B, C, S, S).
  public let invented: Tensor

  /// The four outputs.
  public init(code: Tensor, reconstruction: Tensor, translation: Tensor, invented: Tensor) {
    self.code = code
    self.reconstruction = reconstruction
    self.translation = translation
    self.invented = invented
  }
}
