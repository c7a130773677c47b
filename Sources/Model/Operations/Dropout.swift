/// Dropout: zeroes each element with probability p and scales the survivors by 1 / (1 - p), so
/// the expected value is unchanged (PyTorch's training-mode `dropout`).
///
/// Shapes: x and y have the same shape; `keep` has one flag per element of x.

/// Applies dropout with an explicit mask, for masks drawn elsewhere (for example from a
/// per-sample counter-based generator).
///
/// - Parameters:
///   - x: Any shape.
///   - probability: The drop probability p in [0, 1); 0 returns `x` unchanged.
///   - keep: `true` for elements that survive, row-major, `x.count` entries.
public func dropout(_ x: Tensor, probability: Float, keep: [Bool]) -> Tensor {
  precondition(
    probability >= 0 && probability < 1, "dropout probability \(probability) outside [0, 1)")
  precondition(
    keep.count == x.count, "dropout mask has \(keep.count) flags for \(x.count) elements")
  if probability == 0 { return x }
  let scale = 1 / (1 - probability)
  let mask = Tensor(shape: x.shape, values: keep.map { $0 ? scale : 0 })
  return x * mask
}

/// Applies dropout with a mask drawn from `generator`, one uniform draw per element in
/// row-major order.
public func dropout<Generator: RandomNumberGenerator>(
  _ x: Tensor, probability: Float, using generator: inout Generator
) -> Tensor {
  if probability == 0 { return x }
  let keep = (0..<x.count).map { _ in Float.random(in: 0..<1, using: &generator) >= probability }
  return dropout(x, probability: probability, keep: keep)
}
