/// The fixed traits of one synthetic subject: face geometry, coloring, hair, and how strongly
/// this person shows each expression.
///
/// Lengths are in face units: the unrotated, unscaled image spans -0.5...0.5 on both axes,
/// y grows downward, and the face is centered near the origin.
struct SynthFaceIdentity {
  var faceHalfWidth: Float
  var faceHalfHeight: Float
  /// How much the lower face narrows toward the chin, 0 (oval) to 0.4 (pointed).
  var jawTaper: Float
  var faceCenterY: Float
  var skin: SIMD3<Float>
  var hair: SIMD3<Float>
  var iris: SIMD3<Float>
  var lips: SIMD3<Float>
  /// 0 short, 1 fringe, 2 long, 3 bald.
  var hairStyle: Int
  /// The hairline's height above the face center.
  var hairlineHeight: Float
  var eyeSpacing: Float
  var eyeHalfWidth: Float
  /// Neutral eye opening as a fraction of the eye's half width.
  var eyeOpening: Float
  var eyeY: Float
  var browGap: Float
  var browHalfLength: Float
  var browThickness: Float
  var noseLength: Float
  var noseWidth: Float
  var mouthY: Float
  var mouthHalfWidth: Float
  var lipThickness: Float
  var earSize: Float
  /// The factor by which this subject's expressions are stronger or weaker than average,
  /// one per `ExpressionClass.allCases` entry.
  var expressiveness: [Float]
  /// Whether the subject wears glasses, and the color of their frames.
  var wearsGlasses: Bool
  var frames: SIMD3<Float>

  /// The traits of `subject` under `seed`: a pure function of the two.
  init(seed: UInt64, subject: Int) {
    var random = CounterRandom(
      seed: seed, purpose: .identity, first: UInt32(truncatingIfNeeded: subject), second: 0,
      third: 0)
    faceHalfWidth = random.nextFloat(in: 0.24...0.31)
    faceHalfHeight = random.nextFloat(in: 0.31...0.38)
    jawTaper = random.nextFloat(in: 0...0.4)
    faceCenterY = random.nextFloat(in: 0.02...0.06)
    skin = SynthFaceIdentity.interpolate(SynthFaceIdentity.skinTones, random.nextUnitFloat())
    hair = SynthFaceIdentity.hairColors[random.nextInt(below: SynthFaceIdentity.hairColors.count)]
    iris = SynthFaceIdentity.irisColors[random.nextInt(below: SynthFaceIdentity.irisColors.count)]
    lips = skin * SIMD3(0.78, 0.55, 0.55) + SIMD3(0.1, 0, 0) * random.nextUnitFloat()
    hairStyle = random.nextInt(below: 8) == 0 ? 3 : random.nextInt(below: 3)
    hairlineHeight = random.nextFloat(in: 0.17...0.24)
    eyeSpacing = random.nextFloat(in: 0.085...0.12)
    eyeHalfWidth = random.nextFloat(in: 0.038...0.054)
    eyeOpening = random.nextFloat(in: 0.42...0.6)
    eyeY = random.nextFloat(in: -0.05...(-0.01))
    browGap = random.nextFloat(in: 0.045...0.062)
    browHalfLength = random.nextFloat(in: 0.042...0.058)
    browThickness = random.nextFloat(in: 0.007...0.013)
    noseLength = random.nextFloat(in: 0.08...0.12)
    noseWidth = random.nextFloat(in: 0.022...0.036)
    mouthY = random.nextFloat(in: 0.15...0.19)
    mouthHalfWidth = random.nextFloat(in: 0.058...0.082)
    lipThickness = random.nextFloat(in: 0.007...0.014)
    earSize = random.nextFloat(in: 0.035...0.05)
    expressiveness = ExpressionClass.allCases.map { _ in random.nextFloat(in: 0.75...1.2) }
    // Drawn last so that adding them left every earlier trait of every subject unchanged.
    wearsGlasses = random.nextInt(below: 7) == 0
    frames = SIMD3(repeating: random.nextFloat(in: 0.05...0.5))
  }

  /// From light to dark, so a uniform draw covers the range of skin tones.
  static let skinTones: [SIMD3<Float>] = [
    SIMD3(0.97, 0.83, 0.72), SIMD3(0.88, 0.68, 0.54), SIMD3(0.74, 0.53, 0.39),
    SIMD3(0.55, 0.37, 0.26), SIMD3(0.38, 0.25, 0.18),
  ]
  static let hairColors: [SIMD3<Float>] = [
    SIMD3(0.07, 0.06, 0.06), SIMD3(0.24, 0.15, 0.09), SIMD3(0.45, 0.3, 0.17),
    SIMD3(0.83, 0.7, 0.44), SIMD3(0.58, 0.24, 0.1), SIMD3(0.62, 0.61, 0.6),
  ]
  static let irisColors: [SIMD3<Float>] = [
    SIMD3(0.3, 0.18, 0.1), SIMD3(0.2, 0.35, 0.55), SIMD3(0.25, 0.4, 0.25), SIMD3(0.12, 0.08, 0.06),
  ]

  /// Linear interpolation along a palette, `position` in [0, 1].
  static func interpolate(_ palette: [SIMD3<Float>], _ position: Float) -> SIMD3<Float> {
    let scaled = position * Float(palette.count - 1)
    let low = min(Int(scaled), palette.count - 2)
    let fraction = scaled - Float(low)
    return palette[low] * (1 - fraction) + palette[low + 1] * fraction
  }
}
