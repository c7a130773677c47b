/// Float64 sums over float32 runs, with eight interleaved partial sums: the additions no
/// longer wait on one another, and the fixed interleaving keeps every result reproducible.

/// The sum of `count` elements starting at `x`, read every `stride` elements.
@inline(__always)
func doubleSum(_ x: UnsafePointer<Float>, count: Int, stride: Int = 1) -> Double {
  var partial = SIMD8<Double>()
  var index = 0
  if stride == 1 {
    while index + 8 <= count {
      let block = UnsafeRawPointer(x + index).loadUnaligned(as: SIMD8<Float>.self)
      partial += SIMD8<Double>(block)
      index += 8
    }
  }
  var sum = partial.sum()
  while index < count {
    sum += Double(x[index * stride])
    index += 1
  }
  return sum
}

/// The dot product of `count` elements of `x` and `y`, in float64.
@inline(__always)
func doubleDot(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, count: Int) -> Double {
  var partial = SIMD8<Double>()
  var index = 0
  while index + 8 <= count {
    let a = UnsafeRawPointer(x + index).loadUnaligned(as: SIMD8<Float>.self)
    let b = UnsafeRawPointer(y + index).loadUnaligned(as: SIMD8<Float>.self)
    partial += SIMD8<Double>(a) * SIMD8<Double>(b)
    index += 8
  }
  var sum = partial.sum()
  while index < count {
    sum += Double(x[index]) * Double(y[index])
    index += 1
  }
  return sum
}

/// The sum of (x - center)^2 over `count` elements, in float64.
@inline(__always)
func doubleSquaredDeviation(_ x: UnsafePointer<Float>, center: Double, count: Int) -> Double {
  var partial = SIMD8<Double>()
  let centers = SIMD8<Double>(repeating: center)
  var index = 0
  while index + 8 <= count {
    let deviation =
      SIMD8<Double>(UnsafeRawPointer(x + index).loadUnaligned(as: SIMD8<Float>.self)) - centers
    partial += deviation * deviation
    index += 8
  }
  var sum = partial.sum()
  while index < count {
    let deviation = Double(x[index]) - center
    sum += deviation * deviation
    index += 1
  }
  return sum
}
