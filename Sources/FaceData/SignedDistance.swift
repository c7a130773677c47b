/// Signed distances of the shapes synthetic faces are drawn from: negative inside, positive
/// outside, in face units. Painting with `coverage` of these distances anti-aliases every edge
/// analytically, one sample per pixel.
enum SignedDistance {
  /// An axis-aligned ellipse; a first-order approximation that is exact on the boundary and
  /// accurate within a pixel near it, which is all anti-aliasing needs.
  static func ellipse(_ p: SIMD2<Float>, center: SIMD2<Float>, radii: SIMD2<Float>) -> Float {
    let local = p - center
    let scaled = local / radii
    let k = (scaled * scaled).sum().squareRoot()
    let gradient = local / (radii * radii)
    let gradientLength = (gradient * gradient).sum().squareRoot()
    if gradientLength < 1e-6 { return -min(radii.x, radii.y) }
    return k * (k - 1) / gradientLength
  }

  /// A circle.
  static func circle(_ p: SIMD2<Float>, center: SIMD2<Float>, radius: Float) -> Float {
    let local = p - center
    return (local * local).sum().squareRoot() - radius
  }

  /// A segment from `a` to `b` thickened by `radius` (a capsule).
  static func capsule(_ p: SIMD2<Float>, _ a: SIMD2<Float>, _ b: SIMD2<Float>, radius: Float)
    -> Float
  {
    let pa = p - a
    let ba = b - a
    let t = min(max((pa * ba).sum() / (ba * ba).sum(), 0), 1)
    let offset = pa - ba * t
    return (offset * offset).sum().squareRoot() - radius
  }

  /// The fraction of a pixel of side `pixel` covered by a shape whose edge is `distance` away
  /// from the pixel's center (a linear ramp one pixel wide).
  static func coverage(_ distance: Float, pixel: Float) -> Float {
    min(max(0.5 - distance / pixel, 0), 1)
  }
}

extension SIMD3 where Scalar == Float {
  /// Paints `color` over `self` with opacity `alpha` in [0, 1].
  mutating func paint(_ color: SIMD3<Float>, alpha: Float) {
    if alpha > 0 { self += (color - self) * alpha }
  }
}
