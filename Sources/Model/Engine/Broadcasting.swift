/// Shape arithmetic for elementwise operations between tensors of different shapes, with the
/// NumPy rules: shapes are aligned at their last dimension, and a dimension of 1 (or a missing
/// leading dimension) repeats to match the other operand.
enum Broadcasting {
  /// The shape both operands broadcast to.
  static func shape(_ a: [Int], _ b: [Int]) -> [Int] {
    let rank = max(a.count, b.count)
    let left = padded(a, toRank: rank)
    let right = padded(b, toRank: rank)
    return (0..<rank).map { axis in
      let (m, n) = (left[axis], right[axis])
      precondition(m == n || m == 1 || n == 1, "shapes \(a) and \(b) do not broadcast")
      return m == 1 ? n : m
    }
  }

  /// `shape` with leading ones added up to `rank` dimensions.
  static func padded(_ shape: [Int], toRank rank: Int) -> [Int] {
    precondition(shape.count <= rank, "shape \(shape) has more than \(rank) dimensions")
    return Array(repeating: 1, count: rank - shape.count) + shape
  }

  /// Whether `shape` repeats to `target` under the broadcasting rules.
  static func canExpand(_ shape: [Int], to target: [Int]) -> Bool {
    guard shape.count <= target.count else { return false }
    let aligned = padded(shape, toRank: target.count)
    return zip(aligned, target).allSatisfy { $0 == $1 || $0 == 1 }
  }
}

/// A walk over every element of an output shape, in row-major order, that also tracks the
/// matching element of two operands broadcast to it.
///
/// Adjacent dimensions that are laid out contiguously for every operand are merged first, so
/// the common cases (same shapes; a per-channel or per-sample operand) become one or two long
/// runs and the per-element work is a plain strided loop.
struct BroadcastWalk {
  /// The merged output dimensions.
  private(set) var dimensions: [Int] = []
  /// The operands' strides over the merged dimensions (0 where an operand repeats).
  private(set) var stridesA: [Int] = []
  private(set) var stridesB: [Int] = []

  /// Prepares a walk over `output` for operands of shapes `a` and `b`, each broadcastable to
  /// `output`.
  init(output: [Int], a: [Int], b: [Int]) {
    let rank = output.count
    let stridesA = Self.broadcastStrides(Broadcasting.padded(a, toRank: rank), output: output)
    let stridesB = Self.broadcastStrides(Broadcasting.padded(b, toRank: rank), output: output)
    for axis in 0..<rank where output[axis] != 1 {
      if let last = dimensions.indices.last,
        stridesA[axis] * output[axis] == self.stridesA[last],
        stridesB[axis] * output[axis] == self.stridesB[last]
      {
        dimensions[last] *= output[axis]
        self.stridesA[last] = stridesA[axis]
        self.stridesB[last] = stridesB[axis]
      } else {
        dimensions.append(output[axis])
        self.stridesA.append(stridesA[axis])
        self.stridesB.append(stridesB[axis])
      }
    }
    if dimensions.isEmpty {
      dimensions = [1]
      self.stridesA = [0]
      self.stridesB = [0]
    }
  }

  private static func broadcastStrides(_ shape: [Int], output: [Int]) -> [Int] {
    var strides = Array(repeating: 0, count: shape.count)
    var stride = 1
    for axis in Swift.stride(from: shape.count - 1, through: 0, by: -1) {
      strides[axis] = shape[axis] == 1 && output[axis] != 1 ? 0 : stride
      stride *= shape[axis]
    }
    return strides
  }

  /// The length of each innermost run and the operands' strides within it.
  var innerCount: Int { dimensions[dimensions.count - 1] }
  var innerStrideA: Int { stridesA[stridesA.count - 1] }
  var innerStrideB: Int { stridesB[stridesB.count - 1] }

  /// Calls `body(outputOffset, offsetA, offsetB)` at the start of every innermost run, in
  /// row-major order of the output.
  func forEachRun(_ body: (Int, Int, Int) -> Void) {
    let outer = dimensions.count - 1
    var index = Array(repeating: 0, count: outer)
    var (output, offsetA, offsetB) = (0, 0, 0)
    while true {
      body(output, offsetA, offsetB)
      output += innerCount
      var axis = outer - 1
      while axis >= 0 {
        index[axis] += 1
        offsetA += stridesA[axis]
        offsetB += stridesB[axis]
        if index[axis] < dimensions[axis] { break }
        offsetA -= stridesA[axis] * dimensions[axis]
        offsetB -= stridesB[axis] * dimensions[axis]
        index[axis] = 0
        axis -= 1
      }
      if axis < 0 { return }
    }
  }
}
