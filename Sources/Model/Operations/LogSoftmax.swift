import Foundation

/// The logarithm of the softmax over the last axis of a matrix of logits.
///
/// Shapes: x (B, K) -> y (B, K), y[b, k] = x[b, k] - log sum_j exp x[b, j], computed after
/// subtracting the row maximum so no exponential overflows.
public func logSoftmax(_ x: Tensor) -> Tensor {
  precondition(x.rank == 2, "logSoftmax needs (B, K), got \(x.shape)")
  let (rows, classes) = (x.shape[0], x.shape[1])
  let storage = Tensor.storage(for: x.shape)
  for row in 0..<rows {
    let input = x.storage.pointer + row * classes
    let output = storage.pointer + row * classes
    var largest = -Float.infinity
    for k in 0..<classes { largest = max(largest, input[k]) }
    var sum = 0.0
    for k in 0..<classes { sum += Foundation.exp(Double(input[k] - largest)) }
    let logNormalizer = largest + Float(Foundation.log(sum))
    for k in 0..<classes { output[k] = input[k] - logNormalizer }
  }
  return Tensor.result("logSoftmax", shape: x.shape, storage: storage, inputs: [x]) {
    gy, context in
    // y = x - logsumexp(x): gx = gy - softmax(x) sum_k gy
    let y = context.createGraph ? logSoftmax(x) : Tensor(shape: x.shape, storage: storage)
    return [gy - y.exp() * gy.sum(alongAxes: [1], keepingDimensions: true)]
  }
}
