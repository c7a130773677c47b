/// The losses of the four training phases, exactly as the method defines them.
///
/// Each returns a scalar tensor whose graph reaches the parameters of the phase's group, to be
/// differentiated with `gradients(of:withRespectTo:)` for that group only. Stop-gradients of
/// the method (sg) are `detached()` tensors.
extension FESGANModel {
  /// e, x_rec, x_hat and x_pf for `batch`.
  public func synthesize(_ batch: FESGANBatch) -> Synthesis {
    let code = encoder(batch.images)
    return Synthesis(
      code: code, reconstruction: decode(code, batch.labels),
      translation: decode(code, batch.targetLabels),
      invented: decode(batch.priorCodes, batch.priorLabels))
  }

  /// L_Dz = BCE(D_z(z), 1) + BCE(D_z(sg(e)), 0).
  public func latentCriticLoss(_ batch: FESGANBatch, _ synthesis: Synthesis) -> Tensor {
    sigmoidBinaryCrossEntropy(logits: latentCritic(batch.priorCodes), target: 1)
      + sigmoidBinaryCrossEntropy(logits: latentCritic(synthesis.code.detached()), target: 0)
  }

  /// L_D = 0.5 (mean s(sg(x_hat)) + mean s(sg(x_pf))) - mean s(x) + lambda_gp GP
  /// + lambda_cls CE(logits(x), y).
  public func imageCriticLoss(_ batch: FESGANBatch, _ synthesis: Synthesis) -> Tensor {
    let real = imageCritic(batch.images)
    let translated = imageCritic(synthesis.translation.detached()).score
    let invented = imageCritic(synthesis.invented.detached()).score
    let wasserstein = 0.5 * (translated.mean() + invented.mean()) - real.score.mean()
    return wasserstein
      + configuration.lambdaGradientPenalty * gradientPenalty(batch, synthesis)
      + configuration.lambdaClassification
      * softmaxCrossEntropy(logits: real.logits, labels: batch.labels)
  }

  /// GP = mean over samples of (||d s(x_i) / d x_i|| - 1)^2 at x_i = alpha x + (1 - alpha)
  /// sg(x_hat). The input gradient is built as a graph, so the penalty's derivative with
  /// respect to the critic's parameters is exact.
  public func gradientPenalty(_ batch: FESGANBatch, _ synthesis: Synthesis) -> Tensor {
    let shape = batch.images.shape
    let perSample = shape.dropFirst().reduce(1, *)
    var mixed = [Float](repeating: 0, count: batch.images.count)
    batch.images.withUnsafeBufferPointer { real in
      synthesis.translation.withUnsafeBufferPointer { translated in
        for index in mixed.indices {
          let alpha = batch.penaltyWeights[index / perSample]
          mixed[index] = alpha * real[index] + (1 - alpha) * translated[index]
        }
      }
    }
    let interpolated = Tensor(shape: shape, values: mixed, requiresGradient: true)
    let score = imageCritic(interpolated).score
    let slope = gradients(of: score.sum(), withRespectTo: [interpolated], createGraph: true)[0]
    let norms = slope.reshaped(to: [shape[0], perSample]).squared().sum(alongAxes: [1])
      .squareRoot()
    return (norms - 1).squared().mean()
  }

  /// L_R = CE(R(x), y) + lambda_syn CE(R(sg(x_pf)), c_p) + lambda_intra L_intra, with
  /// L_intra = MSE(f(x), f(x_same)) + MSE(f(sg(x_pf)), sg(f(x_p))): a synthetic feature is
  /// pulled toward a real one, never the reverse (real data-guided back-propagation).
  public func recognizerLoss(_ batch: FESGANBatch, _ synthesis: Synthesis) -> Tensor {
    let masks = batch.recognizerDropout
    let real = recognizer(gray01(batch.images), dropoutKeep: masks?.real)
    let same = recognizer(gray01(batch.sameClassImages), dropoutKeep: masks?.sameClass)
    let anchor = recognizer(gray01(batch.priorClassImages), dropoutKeep: masks?.priorClass)
    let invented = recognizer(
      gray01(synthesis.invented.detached()), dropoutKeep: masks?.invented)
    let intraClass =
      meanSquaredError(real.feature, same.feature)
      + meanSquaredError(invented.feature, anchor.feature.detached())
    return softmaxCrossEntropy(logits: real.logits, labels: batch.labels)
      + configuration.lambdaSynthetic
      * softmaxCrossEntropy(logits: invented.logits, labels: batch.priorLabels)
      + configuration.lambdaIntraClass * intraClass
  }

  /// L_G = -0.5 (mean s(x_hat) + mean s(x_pf)) + lambda_cls 0.5 (CE(logits(x_hat), c)
  /// + CE(logits(x_pf), c_p)) + lambda_z BCE(D_z(e), 1) + lambda_rec mean|x_rec - x|
  /// + lambda_id mean|F(gray01(x_rec)) - F(gray01(x))|, and in the joint stage
  /// + lambda_joint CE(R(x_pf), c_p).
  public func generatorLoss(_ batch: FESGANBatch, _ synthesis: Synthesis, joint: Bool) -> Tensor {
    let translated = imageCritic(synthesis.translation)
    let invented = imageCritic(synthesis.invented)
    var loss = -0.5 * (translated.score.mean() + invented.score.mean())
    let classification =
      softmaxCrossEntropy(logits: translated.logits, labels: batch.targetLabels)
      + softmaxCrossEntropy(logits: invented.logits, labels: batch.priorLabels)
    loss = loss + configuration.lambdaClassification * 0.5 * classification
    loss =
      loss + configuration.lambdaLatent
      * sigmoidBinaryCrossEntropy(logits: latentCritic(synthesis.code), target: 1)
    loss =
      loss + configuration.lambdaReconstruction
      * meanAbsoluteError(synthesis.reconstruction, batch.images)
    if let identity, configuration.lambdaIdentity > 0 {
      // F is frozen and x is data, so F(gray01(x)) is a constant target.
      let target = identity(gray01(batch.images))
      loss =
        loss + configuration.lambdaIdentity
        * meanAbsoluteError(identity(gray01(synthesis.reconstruction)), target)
    }
    if joint {
      let logits = recognizer(
        gray01(synthesis.invented), dropoutKeep: batch.recognizerDropout?.inventedForGenerator
      ).logits
      loss =
        loss + configuration.lambdaJoint
        * softmaxCrossEntropy(logits: logits, labels: batch.priorLabels)
    }
    return loss
  }

  /// G([code, onehot(labels)]): the faces a code shows with the given expressions.
  ///
  /// Shapes: code (B, d_z), `labels` B entries -> (B, C, S, S).
  public func decode(_ code: Tensor, _ labels: [Int]) -> Tensor {
    decoder(concatenate([code, oneHot(labels)], alongAxis: 1))
  }

  /// One-hot rows (B, K) of `labels`.
  public func oneHot(_ labels: [Int]) -> Tensor {
    let classes = configuration.classes
    var values = [Float](repeating: 0, count: labels.count * classes)
    for (row, label) in labels.enumerated() {
      precondition(label >= 0 && label < classes, "label \(label) outside 0..<\(classes)")
      values[row * classes + label] = 1
    }
    return Tensor(shape: [labels.count, classes], values: values)
  }
}
