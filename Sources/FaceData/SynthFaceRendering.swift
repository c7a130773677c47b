import Foundation

/// The per-image conditions of a synthetic photo: head placement, background, lighting and
/// sensor noise. They vary between images of the same subject and expression so a model has
/// to look at the face, not at the frame.
struct SynthFaceNuisance {
  var rotation: Float
  var scale: Float
  var shift: SIMD2<Float>
  var pose: Float
  var background: SIMD3<Float>
  var lightDirection: SIMD2<Float>
  var lightStrength: Float
  var brightness: Float
  var noiseAmount: Float

  init(_ random: inout CounterRandom) {
    rotation = random.nextFloat(in: -0.14...0.14)
    scale = random.nextFloat(in: 0.9...1.06)
    shift = SIMD2(random.nextFloat(in: -0.04...0.04), random.nextFloat(in: -0.03...0.03))
    pose = random.nextFloat(in: -0.025...0.025)
    let gray = random.nextFloat(in: 0.25...0.85)
    background = SIMD3(
      gray + random.nextFloat(in: -0.1...0.1), gray + random.nextFloat(in: -0.1...0.1),
      gray + random.nextFloat(in: -0.1...0.1))
    let angle = random.nextFloat(in: 0...(2 * Float.pi))
    lightDirection = SIMD2(cos(angle), sin(angle))
    lightStrength = random.nextFloat(in: 0...0.5)
    brightness = random.nextFloat(in: 0.82...1.1)
    noiseAmount = random.nextFloat(in: 0.01...0.04)
  }
}

/// Draws one synthetic face image.
enum SynthFaceRenderer {
  /// The image of (seed, subject, expression, index): a pure function of its arguments.
  ///
  /// - Parameters:
  ///   - index: which of the subject's images of this expression, 0 to 2^24 - 1.
  ///   - size: the side S in pixels.
  ///   - channels: 3 renders RGB; 1 renders luma.
  static func render(
    seed: UInt64, subject: Int, expression: ExpressionClass, index: Int, size: Int,
    channels: Int
  ) -> PixelImage {
    precondition(size >= 8, "synthetic faces need at least 8 pixels")
    precondition(channels == 1 || channels == 3, "an image has 1 or 3 channels")
    precondition(index >= 0 && index < 1 << 24, "image index out of range")
    let identity = SynthFaceIdentity(seed: seed, subject: subject)
    let expressionNumber = ExpressionClass.allCases.firstIndex(of: expression)!
    var random = CounterRandom(
      seed: seed, purpose: .rendering, first: UInt32(truncatingIfNeeded: subject),
      second: UInt32(expressionNumber), third: UInt32(index))
    var cues = FacialActionCues()
    if expression != .neutral {
      let intensity = random.nextFloat(in: 0.2...1) * identity.expressiveness[expressionNumber]
      cues = FacialActionCues.prototype(of: expression).scaled(by: intensity)
    }
    cues.addRestingVariation(&random, amount: 0.12)
    let nuisance = SynthFaceNuisance(&random)
    let scene = SynthFaceScene(identity: identity, cues: cues, pose: nuisance.pose)
    return rasterize(scene, nuisance: nuisance, size: size, channels: channels, noise: &random)
  }

  /// Samples the scene at every pixel center through the nuisance transform, then applies
  /// lighting and noise.
  private static func rasterize(
    _ scene: SynthFaceScene, nuisance: SynthFaceNuisance, size: Int, channels: Int,
    noise: inout CounterRandom
  ) -> PixelImage {
    var bytes = [UInt8](repeating: 0, count: size * size * channels)
    let cosine = cos(nuisance.rotation)
    let sine = sin(nuisance.rotation)
    // Expression databases crop to the face, so the frame shows the face, not the head and
    // the background around it: the scene is magnified by this much.
    let crop: Float = 1.4
    let scale = nuisance.scale * crop
    let pixel = 1 / (Float(size) * scale)
    for row in 0..<size {
      for column in 0..<size {
        let p = SIMD2(Float(column) + 0.5, Float(row) + 0.5) / Float(size) - 0.5
        let d = p - nuisance.shift
        let q = SIMD2(cosine * d.x + sine * d.y, -sine * d.x + cosine * d.y) / scale
        var color = scene.color(at: q, background: nuisance.background, pixel: pixel)
        let light = 1 + nuisance.lightStrength * 2 * (p * nuisance.lightDirection).sum()
        color *= nuisance.brightness * light
        // Triangular noise from two 16-bit halves of one draw.
        let bits = noise.nextUInt32()
        let grain = Float(bits & 0xFFFF) / 65536 + Float(bits >> 16) / 65536 - 1
        color += SIMD3(repeating: nuisance.noiseAmount * grain)
        store(color, into: &bytes, at: (row * size + column) * channels, channels: channels)
      }
    }
    return PixelImage(width: size, height: size, channels: channels, bytes: bytes)
  }

  private static func store(
    _ color: SIMD3<Float>, into bytes: inout [UInt8], at offset: Int, channels: Int
  ) {
    // Adding one half and truncating rounds non-negative values without a libm call.
    let clamped = color.clamped(lowerBound: .zero, upperBound: .one) * 255 + 0.5
    if channels == 3 {
      bytes[offset] = UInt8(clamped.x)
      bytes[offset + 1] = UInt8(clamped.y)
      bytes[offset + 2] = UInt8(clamped.z)
    } else {
      bytes[offset] = UInt8(0.299 * clamped.x + 0.587 * clamped.y + 0.114 * clamped.z)
    }
  }
}
