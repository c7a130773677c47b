import Foundation

/// The lower face: nose, smile lines and mouth.
extension SynthFaceScene {
  func paintNose(_ color: inout SIMD3<Float>, _ q: SIMD2<Float>, _ pixel: Float) {
    let skin = identity.skin
    let top = center.y + identity.eyeY + 0.02
    if abs(q.x - pose) > 0.07 || q.y < top - 0.01 || q.y > noseBottom + 0.03 { return }
    let bridge = SignedDistance.capsule(
      q, SIMD2(pose + 0.005, top), SIMD2(pose + 0.01, noseBottom - 0.012), radius: 0.004)
    color.paint(skin * 0.78, alpha: 0.45 * SignedDistance.coverage(bridge, pixel: pixel))
    let raise = 0.01 * cues.noseWrinkle
    let tip = SignedDistance.ellipse(
      q, center: SIMD2(pose, noseBottom - 0.008 - raise),
      radii: SIMD2(0.9 * identity.noseWidth, 0.018))
    color.paint(skin * 0.9, alpha: 0.5 * min(max(-tip / 0.012, 0), 1))
    for side in SynthFaceScene.sides {
      let nostril = SignedDistance.ellipse(
        q,
        center: SIMD2(
          pose + side * identity.noseWidth * (0.55 + 0.2 * cues.noseWrinkle), noseBottom - raise),
        radii: SIMD2(0.011 + 0.004 * cues.noseWrinkle, 0.006))
      color.paint(skin * 0.42, alpha: 0.85 * SignedDistance.coverage(nostril, pixel: pixel))
    }
    guard cues.noseWrinkle > 0 else { return }
    for row in 0..<3 {
      let y = top + 0.006 + 0.011 * Float(row)
      let wrinkle = SignedDistance.capsule(
        q, SIMD2(pose - 0.018, y), SIMD2(pose + 0.018, y), radius: 0.0022)
      color.paint(
        skin * 0.6,
        alpha: min(1, 0.8 * cues.noseWrinkle) * SignedDistance.coverage(wrinkle, pixel: pixel))
    }
  }

  /// The height of the mouth's center line at normalized position `x` (-1 and 1 are the
  /// corners): curved up by a smile, down by a frown, one corner lifted by asymmetry.
  func mouthLine(_ x: Float) -> Float {
    let lift = max(0, x)
    return mouthCenter.y - 0.04 * cues.mouthCurve * x * x - 0.016 * cues.asymmetry * lift * lift
  }

  func paintMouth(_ color: inout SIMD3<Float>, _ q: SIMD2<Float>, _ pixel: Float) {
    paintSmileLines(&color, q, pixel)
    let x = (q.x - mouthCenter.x) / mouthHalfWidth
    if abs(x) > 1.2 || abs(q.y - mouthCenter.y) > 0.12 { return }
    let centerY = mouthLine(x)
    let across = max(0, 1 - x * x)
    let opening = mouthHalfOpening * pow(across, 0.6)
    let upperRaise = 0.012 * cues.upperLipRaise * across
    let thickness = identity.lipThickness * (1 - 0.6 * cues.lipPress) * (1 - 0.5 * x * x)
    let innerTop = centerY - opening - upperRaise
    let innerBottom = centerY + opening
    let sideways = (abs(x) - 1) * mouthHalfWidth
    let lips = max(max(innerTop - thickness - q.y, q.y - innerBottom - 1.3 * thickness), sideways)
    color.paint(identity.lips, alpha: SignedDistance.coverage(lips, pixel: pixel))
    let seam = max(abs(q.y - centerY) - 0.0025, sideways)
    color.paint(identity.lips * 0.45, alpha: 0.8 * SignedDistance.coverage(seam, pixel: pixel))
    guard innerBottom - innerTop > 0.002 else { return }
    let interior = max(max(innerTop - q.y, q.y - innerBottom), sideways + 0.03 * mouthHalfWidth)
    color.paint(SIMD3(0.28, 0.07, 0.09), alpha: SignedDistance.coverage(interior, pixel: pixel))
    let teethBottom = innerTop + min(0.014, 0.45 * (innerBottom - innerTop))
    let teeth = max(max(innerTop - q.y, q.y - teethBottom), (abs(x) - 0.8) * mouthHalfWidth)
    color.paint(SIMD3(0.92, 0.9, 0.84), alpha: SignedDistance.coverage(teeth, pixel: pixel))
  }

  /// The folds from the nose wings to the mouth corners, deepened by raised cheeks.
  private func paintSmileLines(_ color: inout SIMD3<Float>, _ q: SIMD2<Float>, _ pixel: Float) {
    if q.y < noseBottom - 0.02 || q.y > mouthCenter.y + 0.06 { return }
    let strength = 0.15 + 0.6 * max(0, cues.cheekRaise)
    for side in SynthFaceScene.sides {
      let start = SIMD2(pose + side * (identity.noseWidth + 0.022), noseBottom - 0.004)
      let end = SIMD2(mouthCenter.x + side * (mouthHalfWidth + 0.014), mouthLine(side) + 0.004)
      let fold = SignedDistance.capsule(q, start, end, radius: 0.0022)
      color.paint(
        identity.skin * 0.72, alpha: strength * SignedDistance.coverage(fold, pixel: pixel))
    }
  }
}
