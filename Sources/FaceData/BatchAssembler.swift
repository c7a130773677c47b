/// The random inputs of one training sample in one epoch. They are drawn from counter-based
/// streams keyed by (seed, epoch, sample index, purpose), so they are the same whichever rank
/// holds the sample and whatever the world size.
public struct SampleDraws: Equatable, Sendable {
  /// c: the target expression.
  public let targetExpression: Int
  /// c_p: the expression of the invented face.
  public let priorExpression: Int
  /// z: the prior code, d_z floats uniform on [-1, 1].
  public let priorCode: [Float]
  /// alpha: the gradient-penalty weight, uniform on [0, 1].
  public let penaltyWeight: Float
  /// The sample index of x_same: another training sample of the same class (the sample itself
  /// only when it is alone in its class).
  public let sameClassIndex: Int
  /// The sample index of x_p: a training sample of class c_p.
  public let priorImageIndex: Int
}

/// Builds training batches from a training source and a sampler: images, labels and every
/// random input of the method.
public struct BatchAssembler: Sendable {
  /// The training images; global sample index i is `source.image(at: i)`.
  public let source: any FaceImageSource
  /// Which samples each step takes on this rank.
  public let sampler: DistributedSampler
  /// The seed of the per-sample draws.
  public let seed: UInt64
  /// d_z, the length of a prior code.
  public let latentDimension: Int
  private let members: [[Int]]
  private let positionInClass: [Int]

  /// An assembler over `source`, which must have `sampler.sampleCount` images.
  ///
  /// - Parameter latentDimension: d_z, 64 in the method.
  /// - Throws: `FaceDataError.classWithoutTrainingImages` when a class has no image, since
  ///   x_p of that class could not be drawn.
  public init(
    source: any FaceImageSource, sampler: DistributedSampler, seed: UInt64,
    latentDimension: Int = 64
  ) throws {
    precondition(source.count == sampler.sampleCount, "the sampler was made for another source")
    precondition(latentDimension > 0, "the latent dimension is positive")
    let members = source.indicesByLabel()
    if let empty = members.firstIndex(where: \.isEmpty) {
      throw FaceDataError.classWithoutTrainingImages(className: source.expressions.names[empty])
    }
    var positionInClass = [Int](repeating: 0, count: source.count)
    for list in members {
      for (position, index) in list.enumerated() { positionInClass[index] = position }
    }
    self.source = source
    self.sampler = sampler
    self.seed = seed
    self.latentDimension = latentDimension
    self.members = members
    self.positionInClass = positionInClass
  }

  /// The random inputs of sample `sampleIndex` in `epoch`.
  public func draws(epoch: Int, sampleIndex: Int) -> SampleDraws {
    let classCount = source.expressions.count
    func stream(_ purpose: RandomPurpose) -> CounterRandom {
      CounterRandom(seed: seed, epoch: epoch, sampleIndex: sampleIndex, purpose: purpose)
    }
    var target = stream(.targetExpression)
    var prior = stream(.priorExpression)
    var code = stream(.priorCode)
    var alpha = stream(.penaltyAlpha)
    var same = stream(.samePartner)
    var partner = stream(.priorPartner)
    let priorExpression = prior.nextInt(below: classCount)
    let priorMembers = members[priorExpression]
    return SampleDraws(
      targetExpression: target.nextInt(below: classCount),
      priorExpression: priorExpression,
      priorCode: (0..<latentDimension).map { _ in code.nextSymmetricFloat() },
      penaltyWeight: alpha.nextUnitFloat(),
      sameClassIndex: sameClassPartner(of: sampleIndex, &same),
      priorImageIndex: priorMembers[partner.nextInt(below: priorMembers.count)])
  }

  /// Another member of the sample's class, uniform over the others.
  private func sameClassPartner(of sampleIndex: Int, _ random: inout CounterRandom) -> Int {
    let classMembers = members[source.label(at: sampleIndex)]
    guard classMembers.count > 1 else { return sampleIndex }
    var position = random.nextInt(below: classMembers.count - 1)
    if position >= positionInClass[sampleIndex] { position += 1 }
    return classMembers[position]
  }

  /// This rank's batch at `position`.
  public func batch(at position: TrainingPosition) -> TrainingBatch {
    batch(at: position, permutation: sampler.permutation(epoch: position.epoch))
  }

  /// This rank's batch at `position`, given that epoch's permutation from the sampler.
  public func batch(at position: TrainingPosition, permutation: [Int]) -> TrainingBatch {
    let indices = sampler.localBatch(step: position.step, of: permutation)
    var batch = TrainingBatch(
      position: position, sampleIndices: indices, channels: source.channels,
      imageSize: source.imageSize, latentDimension: latentDimension)
    let stride = batch.floatsPerImage
    for (row, sampleIndex) in indices.enumerated() {
      let draws = draws(epoch: position.epoch, sampleIndex: sampleIndex)
      batch.labels[row] = source.label(at: sampleIndex)
      batch.sameClassIndices[row] = draws.sameClassIndex
      batch.targetExpressions[row] = draws.targetExpression
      batch.priorExpressions[row] = draws.priorExpression
      batch.priorImageIndices[row] = draws.priorImageIndex
      batch.penaltyWeights[row] = draws.penaltyWeight
      let codeStart = row * latentDimension
      batch.priorCodes.replaceSubrange(
        codeStart..<(codeStart + latentDimension), with: draws.priorCode)
      batch.images.withUnsafeMutableBufferPointer {
        source.writeImage(at: sampleIndex, into: $0.baseAddress! + row * stride)
      }
      batch.sameClassImages.withUnsafeMutableBufferPointer {
        source.writeImage(at: draws.sameClassIndex, into: $0.baseAddress! + row * stride)
      }
      batch.priorImages.withUnsafeMutableBufferPointer {
        source.writeImage(at: draws.priorImageIndex, into: $0.baseAddress! + row * stride)
      }
    }
    return batch
  }
}
