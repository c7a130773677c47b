/// Spatial pooling.

/// Max pooling with a 2x2 window and stride 2, with PyTorch's `ceil_mode=True`: an odd edge
/// gets a window of its own, clipped to the image.
///
/// Shapes: x (B, C, H, W), y (B, C, P, Q) with P = ceil(H / 2), Q = ceil(W / 2). The gradient
/// goes to the first maximal element of each window (row-major order), as in PyTorch.
public func maxPool2D(_ x: Tensor) -> Tensor {
  precondition(x.rank == 4, "max pooling needs (B, C, H, W), got \(x.shape)")
  let (planes, height, width) = (x.shape[0] * x.shape[1], x.shape[2], x.shape[3])
  let (outputHeight, outputWidth) = ((height + 1) / 2, (width + 1) / 2)
  let input = x.storage.pointer
  let count = planes * outputHeight * outputWidth
  let indices = [Int32](unsafeUninitializedCapacity: count) { chosen, initialized in
    var output = chosen.baseAddress!
    for plane in 0..<planes {
      let base = plane * height * width
      for p in 0..<outputHeight {
        let rows = (2 * p)..<min(2 * p + 2, height)
        for q in 0..<outputWidth {
          let columns = (2 * q)..<min(2 * q + 2, width)
          let top = base + rows.lowerBound * width + columns.lowerBound
          output.pointee = Int32(
            rows.count == 2 && columns.count == 2
              ? fullWindowMaximum(input, topLeft: top, width: width)
              : windowMaximum(input, base: base, rows: rows, columns: columns, width: width))
          output += 1
        }
      }
    }
    initialized = count
  }
  return gather(x, indices: indices, shape: [x.shape[0], x.shape[1], outputHeight, outputWidth])
}

/// The flat position of the first largest of the four elements of a whole 2x2 window.
@inline(__always)
private func fullWindowMaximum(_ input: UnsafePointer<Float>, topLeft: Int, width: Int) -> Int {
  var best = topLeft
  if input[topLeft + 1] > input[best] { best = topLeft + 1 }
  if input[topLeft + width] > input[best] { best = topLeft + width }
  if input[topLeft + width + 1] > input[best] { best = topLeft + width + 1 }
  return best
}

/// The flat position of the first largest element of a window (row-major scan).
@inline(__always)
private func windowMaximum(
  _ input: UnsafePointer<Float>, base: Int, rows: Range<Int>, columns: Range<Int>, width: Int
) -> Int {
  var best = base + rows.lowerBound * width + columns.lowerBound
  for row in rows {
    for column in columns {
      let position = base + row * width + column
      if input[position] > input[best] { best = position }
    }
  }
  return best
}

/// The mean over each plane: (B, C, H, W) -> (B, C).
public func globalAveragePool(_ x: Tensor) -> Tensor {
  precondition(x.rank == 4, "global average pooling needs (B, C, H, W), got \(x.shape)")
  return x.mean(alongAxes: [2, 3])
}
