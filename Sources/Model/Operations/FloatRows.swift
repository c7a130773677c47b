/// Elementwise steps over rows of floats, four lanes at a time and then one by one, for loops
/// that write several rows the compiler cannot prove apart, which it then leaves scalar.
///
/// A value goes through the same operations whether it falls in a vector or in the tail, so
/// results do not depend on where a row starts or how long it is.
enum FloatRows {
  /// result[x] = f(a[x]) for x in 0..<count.
  @inline(__always)
  static func map(
    _ count: Int, _ a: UnsafePointer<Float>, into result: UnsafeMutablePointer<Float>,
    _ f: (SIMD4<Float>) -> SIMD4<Float>
  ) {
    var x = 0
    while x + 4 <= count {
      store(f(load(a + x)), result + x)
      x += 4
    }
    while x < count {
      result[x] = f(SIMD4(repeating: a[x]))[0]
      x += 1
    }
  }

  /// result[x] = f(a[x], b[x]) for x in 0..<count.
  @inline(__always)
  static func map(
    _ count: Int, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
    into result: UnsafeMutablePointer<Float>, _ f: (SIMD4<Float>, SIMD4<Float>) -> SIMD4<Float>
  ) {
    var x = 0
    while x + 4 <= count {
      store(f(load(a + x), load(b + x)), result + x)
      x += 4
    }
    while x < count {
      result[x] = f(SIMD4(repeating: a[x]), SIMD4(repeating: b[x]))[0]
      x += 1
    }
  }

  /// result[x] = f(a[x], b[x], c[x]) for x in 0..<count.
  @inline(__always)
  static func map(
    _ count: Int, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
    _ c: UnsafePointer<Float>, into result: UnsafeMutablePointer<Float>,
    _ f: (SIMD4<Float>, SIMD4<Float>, SIMD4<Float>) -> SIMD4<Float>
  ) {
    var x = 0
    while x + 4 <= count {
      store(f(load(a + x), load(b + x), load(c + x)), result + x)
      x += 4
    }
    while x < count {
      let value = f(SIMD4(repeating: a[x]), SIMD4(repeating: b[x]), SIMD4(repeating: c[x]))
      result[x] = value[0]
      x += 1
    }
  }

  /// even[q] = line[2 q] and odd[q] = line[2 q + 1] for q in 0..<count.
  @inline(__always)
  static func deinterleave(
    _ line: UnsafePointer<Float>, count: Int, even: UnsafeMutablePointer<Float>,
    odd: UnsafeMutablePointer<Float>
  ) {
    var q = 0
    while q + 4 <= count {
      let pairs = UnsafeRawPointer(line + 2 * q).loadUnaligned(as: SIMD8<Float>.self)
      store(pairs.evenHalf, even + q)
      store(pairs.oddHalf, odd + q)
      q += 4
    }
    while q < count {
      even[q] = line[2 * q]
      odd[q] = line[2 * q + 1]
      q += 1
    }
  }

  /// line[2 q] = even[q] + offset and line[2 q + 1] = odd[q] + offset for q in 0..<count.
  @inline(__always)
  static func interleave(
    even: UnsafePointer<Float>, odd: UnsafePointer<Float>, count: Int, adding offset: Float,
    into line: UnsafeMutablePointer<Float>
  ) {
    var q = 0
    while q + 4 <= count {
      var pairs = SIMD8<Float>()
      pairs.evenHalf = load(even + q) + offset
      pairs.oddHalf = load(odd + q) + offset
      UnsafeMutableRawPointer(line + 2 * q).storeBytes(of: pairs, as: SIMD8<Float>.self)
      q += 4
    }
    while q < count {
      line[2 * q] = even[q] + offset
      line[2 * q + 1] = odd[q] + offset
      q += 1
    }
  }

  @inline(__always)
  private static func load(_ source: UnsafePointer<Float>) -> SIMD4<Float> {
    UnsafeRawPointer(source).loadUnaligned(as: SIMD4<Float>.self)
  }

  @inline(__always)
  private static func store(_ value: SIMD4<Float>, _ target: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(target).storeBytes(of: value, as: SIMD4<Float>.self)
  }
}
