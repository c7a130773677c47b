import Foundation

/// One synthetic face ready to draw: a subject's traits with an expression's actions applied,
/// laid out in face units (see `SynthFaceIdentity`), and painted layer by layer.
struct SynthFaceScene {
  /// The horizontal directions of the left and right features; a stored array, so iterating
  /// it in the per-pixel code allocates nothing.
  static let sides: [Float] = [-1, 1]

  let identity: SynthFaceIdentity
  let cues: FacialActionCues
  /// Horizontal shift of the features inside the head outline, a cheap stand-in for head yaw.
  let pose: Float
  let center: SIMD2<Float>
  let eyeHalfHeight: Float
  let browBase: Float
  let noseBottom: Float
  let mouthCenter: SIMD2<Float>
  let mouthHalfWidth: Float
  let mouthHalfOpening: Float

  init(identity: SynthFaceIdentity, cues: FacialActionCues, pose: Float) {
    self.identity = identity
    self.cues = cues
    self.pose = pose
    center = SIMD2(0, identity.faceCenterY)
    let eyeY = center.y + identity.eyeY
    eyeHalfHeight =
      identity.eyeHalfWidth * max(0.1, identity.eyeOpening * (1 + 0.9 * cues.eyeOpen))
    browBase =
      eyeY - identity.eyeHalfWidth * identity.eyeOpening - identity.browGap - 0.024
      * cues.browRaise
    noseBottom = eyeY + identity.noseLength
    mouthCenter = SIMD2(pose, center.y + identity.mouthY - 0.006 * cues.upperLipRaise)
    mouthHalfWidth = identity.mouthHalfWidth * (1 + 0.35 * cues.mouthWiden)
    mouthHalfOpening = 0.055 * max(0, cues.mouthOpen)
  }

  /// The color at point `q` (face units) of a pixel `pixel` face units wide.
  func color(at q: SIMD2<Float>, background: SIMD3<Float>, pixel: Float) -> SIMD3<Float> {
    var color = background
    paintHairBehind(&color, q, pixel)
    paintHead(&color, q, pixel)
    paintHairCap(&color, q, pixel)
    paintCheeks(&color, q, pixel)
    for side in SynthFaceScene.sides {
      paintEye(&color, q, pixel, side: side)
      paintBrow(&color, q, pixel, side: side)
    }
    paintGlasses(&color, q, pixel)
    paintNose(&color, q, pixel)
    paintMouth(&color, q, pixel)
    return color
  }

  /// The head outline: an ellipse whose lower half narrows toward the chin by `jawTaper`.
  func headDistance(_ q: SIMD2<Float>) -> Float {
    let v = q - center
    let below = min(max(v.y / identity.faceHalfHeight, 0), 1)
    let halfWidth = identity.faceHalfWidth * (1 - identity.jawTaper * below * below)
    return SignedDistance.ellipse(
      v, center: .zero, radii: SIMD2(halfWidth, identity.faceHalfHeight))
  }

  private func paintHairBehind(_ color: inout SIMD3<Float>, _ q: SIMD2<Float>, _ pixel: Float) {
    guard identity.hairStyle == 2 else { return }
    let outline = SignedDistance.ellipse(
      q, center: center - SIMD2(0, 0.01),
      radii: SIMD2(identity.faceHalfWidth + 0.065, identity.faceHalfHeight + 0.07))
    let distance = max(outline, q.y - (center.y + 1.2 * identity.faceHalfHeight))
    color.paint(hairColor(q), alpha: SignedDistance.coverage(distance, pixel: pixel))
  }

  private func paintHead(_ color: inout SIMD3<Float>, _ q: SIMD2<Float>, _ pixel: Float) {
    let skin = identity.skin
    let neckTop = center.y + 0.6 * identity.faceHalfHeight
    let neck = max(abs(q.x) - 0.45 * identity.faceHalfWidth, neckTop - q.y)
    color.paint(skin * 0.8, alpha: SignedDistance.coverage(neck, pixel: pixel))
    let earY = center.y + identity.eyeY + 0.03
    for side in SynthFaceScene.sides where abs(q.y - earY) < identity.earSize + 0.01 {
      let ear = SignedDistance.ellipse(
        q, center: SIMD2(side * identity.faceHalfWidth * 0.97, earY),
        radii: SIMD2(0.6 * identity.earSize, identity.earSize))
      color.paint(skin * 0.9, alpha: SignedDistance.coverage(ear, pixel: pixel))
    }
    let head = headDistance(q)
    // Darkening toward the outline gives the head some roundness.
    let rim = min(max((head + 0.07) / 0.07, 0), 1)
    color.paint(skin * (1 - 0.16 * rim * rim), alpha: SignedDistance.coverage(head, pixel: pixel))
  }

  private func paintHairCap(_ color: inout SIMD3<Float>, _ q: SIMD2<Float>, _ pixel: Float) {
    guard identity.hairStyle != 3 else { return }
    // Short hair hugs the skull and stops above the ears; the other styles fall lower.
    let isShort = identity.hairStyle == 0
    let outline = SignedDistance.ellipse(
      q, center: center - SIMD2(0, 0.015),
      radii: SIMD2(
        identity.faceHalfWidth + (isShort ? 0.01 : 0.022), identity.faceHalfHeight + 0.03))
    let x = (q.x - pose) / identity.faceHalfWidth
    var hairline = center.y - identity.hairlineHeight + (isShort ? 0.05 : 0.1) * x * x
    if identity.hairStyle == 1 {
      hairline += 0.06 + 0.01 * sin(q.x * 90)
    }
    let distance = max(outline, q.y - hairline)
    color.paint(hairColor(q), alpha: SignedDistance.coverage(distance, pixel: pixel))
  }

  /// Hair with faint strands, so hair texture differs from skin at every scale.
  private func hairColor(_ q: SIMD2<Float>) -> SIMD3<Float> {
    identity.hair * (0.9 + 0.1 * sin(q.x * 170 + q.y * 35))
  }

  private func paintCheeks(_ color: inout SIMD3<Float>, _ q: SIMD2<Float>, _ pixel: Float) {
    let strength = 0.06 + 0.3 * max(0, cues.cheekRaise)
    let y = center.y + identity.eyeY + 0.08 - 0.018 * cues.cheekRaise
    if abs(q.y - y) > 0.05 { return }
    for side in SynthFaceScene.sides {
      let cheek = SignedDistance.circle(
        q, center: SIMD2(pose + side * (identity.eyeSpacing + 0.02), y), radius: 0.045)
      let softness = min(max(-cheek / 0.035, 0), 1)
      color.paint(SIMD3(0.86, 0.36, 0.36), alpha: strength * softness)
    }
  }

  private func paintEye(
    _ color: inout SIMD3<Float>, _ q: SIMD2<Float>, _ pixel: Float, side: Float
  ) {
    let eyeCenter = SIMD2(pose + side * identity.eyeSpacing, center.y + identity.eyeY)
    let radii = SIMD2(identity.eyeHalfWidth, eyeHalfHeight)
    let offset = q - eyeCenter
    let local = SIMD2(Swift.abs(offset.x), Swift.abs(offset.y))
    if local.x > radii.x + 0.02 || local.y > radii.y + 0.02 { return }
    let eye = SignedDistance.ellipse(q, center: eyeCenter, radii: radii)
    color.paint(SIMD3(0.94, 0.93, 0.9), alpha: SignedDistance.coverage(eye, pixel: pixel))
    let irisCenter = eyeCenter + SIMD2(0.3 * pose, 0)
    let irisRadius = 0.5 * identity.eyeHalfWidth
    let iris = max(SignedDistance.circle(q, center: irisCenter, radius: irisRadius), eye)
    color.paint(identity.iris, alpha: SignedDistance.coverage(iris, pixel: pixel))
    let pupil = max(SignedDistance.circle(q, center: irisCenter, radius: 0.45 * irisRadius), eye)
    color.paint(SIMD3(0.03, 0.03, 0.03), alpha: SignedDistance.coverage(pupil, pixel: pixel))
    let lidWidth: Float = q.y < eyeCenter.y ? 0.006 : 0.0035
    let lid = abs(eye) - lidWidth
    color.paint(identity.skin * 0.3, alpha: SignedDistance.coverage(lid, pixel: pixel))
  }

  /// Round frames around both eyes joined by a bridge; the eyes stay visible through them.
  private func paintGlasses(_ color: inout SIMD3<Float>, _ q: SIMD2<Float>, _ pixel: Float) {
    guard identity.wearsGlasses else { return }
    let eyeY = center.y + identity.eyeY
    let radius = identity.eyeHalfWidth * 1.45
    if abs(q.y - eyeY) > radius + 0.01 { return }
    let width: Float = 0.004
    for side in SynthFaceScene.sides {
      let lens = SignedDistance.circle(
        q, center: SIMD2(pose + side * identity.eyeSpacing, eyeY), radius: radius)
      color.paint(identity.frames, alpha: SignedDistance.coverage(abs(lens) - width, pixel: pixel))
    }
    let bridgeHalf = identity.eyeSpacing - radius
    let bridge = SignedDistance.capsule(
      q, SIMD2(pose - bridgeHalf, eyeY - 0.006), SIMD2(pose + bridgeHalf, eyeY - 0.006),
      radius: width)
    color.paint(identity.frames, alpha: SignedDistance.coverage(bridge, pixel: pixel))
  }

  private func paintBrow(
    _ color: inout SIMD3<Float>, _ q: SIMD2<Float>, _ pixel: Float, side: Float
  ) {
    let halfLength = identity.browHalfLength
    let u = side * (q.x - pose) - identity.eyeSpacing + 0.012 * cues.browSqueeze
    if abs(u) > halfLength + 0.02 { return }
    // t runs from -1 at the inner end to 1 at the outer end.
    let t = min(max(u / halfLength, -1), 1)
    let arch = (0.006 + 0.014 * max(0, cues.browArch)) * (1 - t * t)
    let browY = browBase - arch + 0.013 * cues.browTilt * t
    let thickness = identity.browThickness * (1 - 0.35 * (t + 1) / 2)
    let brow = max(abs(q.y - browY) - thickness, abs(u) - halfLength)
    let browColor = identity.hair * 0.7
    color.paint(browColor, alpha: SignedDistance.coverage(brow, pixel: pixel))
    guard cues.browSqueeze > 0 else { return }
    let lineX = pose + side * 0.011
    let frown = SignedDistance.capsule(
      q, SIMD2(lineX, browBase - 0.004), SIMD2(lineX, browBase + 0.024), radius: 0.0022)
    color.paint(
      identity.skin * 0.6,
      alpha: min(1, 0.7 * cues.browSqueeze) * SignedDistance.coverage(frown, pixel: pixel))
  }
}
