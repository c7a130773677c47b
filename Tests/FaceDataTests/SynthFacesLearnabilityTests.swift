import FaceData
import XCTest

/// Synthetic expressions must be learnable across subjects: a softmax regression on gradient
/// histograms, trained on some subjects, has to beat chance (1/6) clearly on others.
final class SynthFacesLearnabilityTests: XCTestCase {
  /// Gradient-orientation histograms (8 unsigned orientations) pooled over 8 x 8 pixel cells,
  /// normalized per image: a classic hand-made face descriptor that tolerates small shifts.
  private func features(_ faces: SynthFaces) -> [[Float]] {
    let size = faces.imageSize
    let cells = size / 8
    return (0..<faces.count).map { index in
      let pixels = faces.image(at: index).bytes.map(Float.init)
      var histogram = [Float](repeating: 0, count: cells * cells * 8)
      for y in 1..<(size - 1) {
        for x in 1..<(size - 1) {
          let dx = pixels[y * size + x + 1] - pixels[y * size + x - 1]
          let dy = pixels[(y + 1) * size + x] - pixels[(y - 1) * size + x]
          var angle = atan2f(dy, dx)
          if angle < 0 { angle += .pi }
          let bin = min(7, Int(angle / .pi * 8))
          let cell = (y / 8) * cells + x / 8
          histogram[cell * 8 + bin] += (dx * dx + dy * dy).squareRoot()
        }
      }
      let norm = histogram.reduce(0) { $0 + $1 * $1 }.squareRoot() + 1e-3
      return histogram.map { $0 / norm * 10 }
    }
  }

  /// Plain gradient descent on the mean cross-entropy; returns weights (K, D+1).
  private func train(_ x: [[Float]], _ y: [Int], classes: Int, epochs: Int) -> [[Float]] {
    let dimension = x[0].count
    var weights = [[Float]](repeating: [Float](repeating: 0, count: dimension + 1), count: classes)
    let rate: Float = 0.01
    for _ in 0..<epochs {
      for (sample, label) in zip(x, y) {
        let probabilities = softmax(scores(weights, sample))
        for k in 0..<classes {
          let gradient = probabilities[k] - (k == label ? 1 : 0)
          for d in 0..<dimension { weights[k][d] -= rate * gradient * sample[d] }
          weights[k][dimension] -= rate * gradient
        }
      }
    }
    return weights
  }

  private func scores(_ weights: [[Float]], _ sample: [Float]) -> [Float] {
    weights.map { row in zip(row, sample).reduce(row[sample.count]) { $0 + $1.0 * $1.1 } }
  }

  private func softmax(_ scores: [Float]) -> [Float] {
    let top = scores.max()!
    let exponentials = scores.map { expf($0 - top) }
    let total = exponentials.reduce(0, +)
    return exponentials.map { $0 / total }
  }

  func testLinearClassifierBeatsChanceOnUnseenSubjects() {
    let (training, test) = SynthFaces.split(
      seed: 17, trainingSubjects: 24, testSubjects: 8, imagesPerExpression: 6, imageSize: 64,
      channels: 1)
    let weights = train(
      features(training), (0..<training.count).map(training.label(at:)), classes: 6, epochs: 15)
    var confusion = [[Int]](repeating: [Int](repeating: 0, count: 6), count: 6)
    for (index, sample) in features(test).enumerated() {
      let predicted = scores(weights, sample).enumerated().max { $0.1 < $1.1 }!.offset
      confusion[test.label(at: index)][predicted] += 1
    }
    let correct = (0..<6).map { confusion[$0][$0] }.reduce(0, +)
    let accuracy = Double(correct) / Double(test.count)
    print("held-out accuracy \(accuracy), confusion (rows true, columns predicted): \(confusion)")
    XCTAssertGreaterThan(accuracy, 0.35)
  }
}
