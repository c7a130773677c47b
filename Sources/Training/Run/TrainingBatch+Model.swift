import FaceData
import Model

extension TrainingBatch {
  /// The batch as the networks take it, with the recognizer's dropout masks drawn per sample.
  ///
  /// Each sample's masks come from its own counter-based stream keyed by (seed, epoch, sample),
  /// so they are the same whichever rank holds the sample and however many ranks there are.
  ///
  /// - Parameters:
  ///   - featureSize: the recognizer's feature length 512r, the length of a mask row.
  ///   - dropout: the drop probability; 0 gives no masks.
  func modelBatch(featureSize: Int, dropout: Float, seed: UInt64) -> FESGANBatch {
    let imageShape = [batchSize, channels, imageSize, imageSize]
    var masks: RecognizerDropout?
    if dropout > 0 {
      // Five evaluations of R per iteration, each with its own mask per sample.
      var rows = [[Bool]](repeating: [], count: 5)
      for sampleIndex in sampleIndices {
        var random = CounterRandom(
          seed: seed, epoch: position.epoch, sampleIndex: sampleIndex, purpose: .dropout)
        for evaluation in rows.indices {
          rows[evaluation] += (0..<featureSize).map { _ in random.nextUnitFloat() >= dropout }
        }
      }
      masks = RecognizerDropout(
        real: rows[0], sameClass: rows[1], priorClass: rows[2], invented: rows[3],
        inventedForGenerator: rows[4])
    }
    return FESGANBatch(
      images: Tensor(shape: imageShape, values: images), labels: labels,
      sameClassImages: Tensor(shape: imageShape, values: sameClassImages),
      targetLabels: targetExpressions,
      priorCodes: Tensor(shape: [batchSize, latentDimension], values: priorCodes),
      priorLabels: priorExpressions,
      priorClassImages: Tensor(shape: imageShape, values: priorImages),
      penaltyWeights: penaltyWeights, recognizerDropout: masks)
  }
}
