/// Luma of an image in [-1, 1], mapped to [0, 1]: 0.299 R + 0.587 G + 0.114 B (ITU-R 601), then
/// (v + 1) / 2. A one-channel image is only rescaled.
///
/// Shapes: x (B, 3, H, W) or (B, 1, H, W) -> y (B, 1, H, W).
public func gray01(_ x: Tensor) -> Tensor {
  precondition(
    x.rank == 4 && (x.shape[1] == 3 || x.shape[1] == 1),
    "gray01 needs (B, 3 or 1, H, W), got \(x.shape)")
  guard x.shape[1] == 3 else { return x.affine(scale: 0.5, shift: 0.5) }
  let red = x.slice(alongAxis: 1, start: 0, length: 1)
  let green = x.slice(alongAxis: 1, start: 1, length: 1)
  let blue = x.slice(alongAxis: 1, start: 2, length: 1)
  let luma = red * 0.299 + green * 0.587 + blue * 0.114
  return luma.affine(scale: 0.5, shift: 0.5)
}
