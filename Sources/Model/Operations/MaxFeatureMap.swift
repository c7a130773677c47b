/// Max-feature-map (LightCNN): the elementwise maximum of the first and second half of the
/// channels (or features).
///
/// Shapes: x (B, 2C, ...) -> y (B, C, ...), for feature maps (B, 2C, H, W) and feature vectors
/// (B, 2C) alike. Where the halves are equal the gradient goes to the first half.
public func maxFeatureMap(_ x: Tensor) -> Tensor {
  precondition(
    x.rank >= 2 && x.shape[1] % 2 == 0,
    "max-feature-map needs an even channel count, got \(x.shape)")
  let batch = x.shape[0]
  let half = x.count / max(1, batch) / 2
  var shape = x.shape
  shape[1] /= 2
  let input = x.storage.pointer
  let storage = Tensor.storage(for: shape)
  let output = storage.pointer
  let indices = [Int32](unsafeUninitializedCapacity: batch * half) { chosen, initialized in
    for sample in 0..<batch {
      let first = sample * 2 * half
      let target = chosen.baseAddress! + sample * half
      for index in 0..<half {
        let (a, b) = (input[first + index], input[first + half + index])
        let firstWins = a >= b
        target[index] = Int32(first + index + (firstWins ? 0 : half))
        output[sample * half + index] = firstWins ? a : b
      }
    }
    initialized = batch * half
  }
  return gathered(x, indices: indices, shape: shape, values: storage)
}
