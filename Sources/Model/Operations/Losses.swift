/// Training losses, each reduced to a scalar mean as PyTorch's default `reduction="mean"`.

/// Softmax cross-entropy of logits against class indices, averaged over the batch.
///
/// Shapes: logits (B, K), labels B indices in 0..<K; result [].
public func softmaxCrossEntropy(logits: Tensor, labels: [Int]) -> Tensor {
  precondition(
    logits.rank == 2 && labels.count == logits.shape[0],
    "logits \(logits.shape), \(labels.count) labels")
  let classes = logits.shape[1]
  var oneHot = [Float](repeating: 0, count: logits.count)
  for (row, label) in labels.enumerated() {
    precondition(label >= 0 && label < classes, "label \(label) outside 0..<\(classes)")
    oneHot[row * classes + label] = 1
  }
  let targets = Tensor(shape: logits.shape, values: oneHot)
  return -(targets * logSoftmax(logits)).sum() / Float(labels.count)
}

/// Binary cross-entropy of logits against targets in [0, 1], averaged over all elements
/// (PyTorch's `binary_cross_entropy_with_logits`), written as softplus(l) - t l, which is
/// stable for logits of any size.
///
/// Shapes: logits any shape, targets broadcastable to it; result [].
public func sigmoidBinaryCrossEntropy(logits: Tensor, targets: Tensor) -> Tensor {
  (logits.softplus() - logits * targets).mean()
}

/// Binary cross-entropy of logits against one target value for every element (0 or 1 for
/// "fake" and "real").
public func sigmoidBinaryCrossEntropy(logits: Tensor, target: Float) -> Tensor {
  sigmoidBinaryCrossEntropy(logits: logits, targets: Tensor(scalar: target))
}

/// The mean of |x - target| over all elements.
///
/// Shapes: x and target the same shape; result [].
public func meanAbsoluteError(_ x: Tensor, _ target: Tensor) -> Tensor {
  precondition(x.shape == target.shape, "meanAbsoluteError: \(x.shape) vs \(target.shape)")
  return (x - target).abs().mean()
}

/// The mean of (x - target)^2 over all elements.
///
/// Shapes: x and target the same shape; result [].
public func meanSquaredError(_ x: Tensor, _ target: Tensor) -> Tensor {
  precondition(x.shape == target.shape, "meanSquaredError: \(x.shape) vs \(target.shape)")
  return (x - target).squared().mean()
}
