/// The inputs of one training iteration on one rank, in the method's notation.
///
/// Images are (B, C, S, S) floats in [-1, 1], channel-major and contiguous (NCHW); labels are
/// class indices `0..<K`. Row i of every array belongs to the sample `sampleIndices[i]`.
public struct TrainingBatch: Sendable {
  /// Where this batch sits in training.
  public let position: TrainingPosition
  /// B, the samples on this rank.
  public let batchSize: Int
  /// C.
  public let channels: Int
  /// S.
  public let imageSize: Int
  /// d_z, the length of a prior code.
  public let latentDimension: Int
  /// The global sample index of each row (an index into the training source).
  public let sampleIndices: [Int]
  /// x: (B, C, S, S) real images.
  public var images: [Float]
  /// y: (B) their labels.
  public var labels: [Int]
  /// x_same: (B, C, S, S) another training image of class y.
  public var sameClassImages: [Float]
  /// The sample index of each x_same.
  public var sameClassIndices: [Int]
  /// c: (B) target expressions, uniform over K.
  public var targetExpressions: [Int]
  /// z: (B, d_z) prior codes, uniform on [-1, 1].
  public var priorCodes: [Float]
  /// c_p: (B) expressions of the invented faces, uniform over K.
  public var priorExpressions: [Int]
  /// x_p: (B, C, S, S) real training images of class c_p.
  public var priorImages: [Float]
  /// The sample index of each x_p.
  public var priorImageIndices: [Int]
  /// alpha: (B) gradient-penalty interpolation weights, uniform on [0, 1].
  public var penaltyWeights: [Float]

  /// C * S * S, the floats of one image.
  public var floatsPerImage: Int { channels * imageSize * imageSize }

  /// An empty batch with zeroed arrays of the right shapes.
  init(
    position: TrainingPosition, sampleIndices: [Int], channels: Int, imageSize: Int,
    latentDimension: Int
  ) {
    let count = sampleIndices.count
    let imageFloats = count * channels * imageSize * imageSize
    self.position = position
    self.batchSize = count
    self.channels = channels
    self.imageSize = imageSize
    self.latentDimension = latentDimension
    self.sampleIndices = sampleIndices
    images = [Float](repeating: 0, count: imageFloats)
    labels = [Int](repeating: 0, count: count)
    sameClassImages = images
    sameClassIndices = labels
    targetExpressions = labels
    priorCodes = [Float](repeating: 0, count: count * latentDimension)
    priorExpressions = labels
    priorImages = images
    priorImageIndices = labels
    penaltyWeights = [Float](repeating: 0, count: count)
  }
}
