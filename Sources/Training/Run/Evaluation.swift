import FaceData
import Model

/// What an evaluation measured, on held-out real images only.
struct EvaluationResult {
  /// The global step the model had finished.
  let step: Int
  /// confusion[true][predicted]: counts of the recognizer's predictions on test images.
  let confusion: [[Int]]
  /// Recognizer accuracy on x_hat against its target expression; nil in the baseline.
  let synthesisAccuracy: Double?
  /// mean |x_rec - x| over test images; nil in the baseline.
  let reconstructionError: Double?

  /// The fraction of test images recognized correctly.
  var accuracy: Double {
    let total = confusion.joined().reduce(0, +)
    let correct = confusion.indices.reduce(0) { $0 + confusion[$1][$1] }
    return total == 0 ? 0 : Double(correct) / Double(total)
  }

  /// The accuracy on the test images of each true class (nil for a class without images).
  var perClassAccuracy: [Double?] {
    confusion.indices.map { row in
      let total = confusion[row].reduce(0, +)
      return total == 0 ? nil : Double(confusion[row][row]) / Double(total)
    }
  }
}

/// Evaluates the networks on the test set: the recognizer's predictions, and in joint mode the
/// generator's translations and reconstructions.
struct Evaluator {
  let model: FESGANModel
  let test: any FaceImageSource
  /// Test images per forward pass, small at large image sizes to bound memory.
  var batchSize: Int { test.imageSize >= 128 ? 16 : 64 }
  /// The translations judged: enough for a stable figure, few enough to stay quick.
  let synthesisLimit = 256

  func evaluate(step: Int, includesSynthesis: Bool) -> EvaluationResult {
    let classes = test.expressions.count
    var confusion = [[Int]](repeating: [Int](repeating: 0, count: classes), count: classes)
    var synthesisCorrect = 0
    var synthesisTotal = 0
    var reconstructionSum = 0.0
    for start in stride(from: 0, to: test.count, by: batchSize) {
      let indices = Array(start..<min(test.count, start + batchSize))
      let images = imageTensor(indices)
      let labels = indices.map(test.label(at:))
      for (label, predicted) in zip(labels, predictions(gray01(images))) {
        confusion[label][predicted] += 1
      }
      guard includesSynthesis && start < synthesisLimit else { continue }
      // Each image is translated to a target spread evenly over the classes.
      let targets = indices.map { $0 % classes }
      let code = model.encoder(images)
      let translated = model.decode(code, targets)
      let reconstructed = model.decode(code, labels)
      for (target, predicted) in zip(targets, predictions(gray01(translated))) {
        synthesisCorrect += target == predicted ? 1 : 0
        synthesisTotal += 1
      }
      reconstructionSum +=
        Double(meanAbsoluteError(reconstructed, images).scalarValue) * Double(indices.count)
    }
    return EvaluationResult(
      step: step, confusion: confusion,
      synthesisAccuracy: synthesisTotal > 0
        ? Double(synthesisCorrect) / Double(synthesisTotal) : nil,
      reconstructionError: synthesisTotal > 0 ? reconstructionSum / Double(synthesisTotal) : nil)
  }

  /// Test images `indices` as a (B, C, S, S) tensor.
  func imageTensor(_ indices: [Int]) -> Tensor {
    Tensor(
      shape: [indices.count, test.channels, test.imageSize, test.imageSize],
      values: test.batch(of: indices).images)
  }

  /// The recognizer's most likely class for each gray image, without dropout.
  func predictions(_ gray: Tensor) -> [Int] {
    let logits = model.recognizer(gray).logits
    let classes = logits.shape[1]
    let values = logits.values
    return (0..<logits.shape[0]).map { row in
      let scores = values[(row * classes)..<((row + 1) * classes)]
      return scores.indices.max { scores[$0] < scores[$1] }! - row * classes
    }
  }
}
