/// The visible facial actions that make up an expression, each 0 at rest and about 1 at the
/// strongest. The renderer turns them into brow, eye, nose, cheek and mouth geometry.
///
/// The prototypes overlap on purpose, as real expressions do: fear and surprise both raise the
/// brows and open the eyes and mouth (fear draws the inner brows together and stretches the
/// mouth sideways, surprise arches the brows and opens the mouth round); anger and disgust
/// both lower the brows and narrow the eyes (anger presses the lips and pulls the brows into a
/// V, disgust wrinkles the nose and raises the upper lip).
struct FacialActionCues {
  /// Whole-brow lift (negative lowers).
  var browRaise: Float = 0
  /// Inner brow ends up (positive) or down into a V (negative).
  var browTilt: Float = 0
  /// Extra arching of the brow.
  var browArch: Float = 0
  /// Inner brow ends drawn toward each other, with frown lines between them.
  var browSqueeze: Float = 0
  /// Change of eye opening (positive widens, -1 would close).
  var eyeOpen: Float = 0
  /// Mouth corners up (positive) or down.
  var mouthCurve: Float = 0
  /// Opening of the lips.
  var mouthOpen: Float = 0
  /// Mouth widening (positive) or narrowing.
  var mouthWiden: Float = 0
  /// Lips pressed thin.
  var lipPress: Float = 0
  /// Upper lip drawn up.
  var upperLipRaise: Float = 0
  /// Nose wrinkled and nostrils raised.
  var noseWrinkle: Float = 0
  /// Cheeks raised, with blush and smile lines.
  var cheekRaise: Float = 0
  /// One mouth corner higher than the other.
  var asymmetry: Float = 0

  /// The full-strength actions of an expression.
  static func prototype(of expression: ExpressionClass) -> FacialActionCues {
    var cues = FacialActionCues()
    switch expression {
    case .neutral:
      break
    case .anger:
      (cues.browRaise, cues.browTilt, cues.browSqueeze) = (-0.8, -1, 1)
      (cues.eyeOpen, cues.lipPress, cues.mouthCurve, cues.mouthWiden) = (-0.3, 1, -0.25, -0.2)
      cues.noseWrinkle = 0.25
    case .disgust:
      (cues.browRaise, cues.browTilt, cues.browSqueeze) = (-0.6, -0.5, 0.6)
      (cues.eyeOpen, cues.noseWrinkle, cues.upperLipRaise) = (-0.4, 1, 1)
      (cues.mouthCurve, cues.mouthOpen, cues.cheekRaise, cues.asymmetry) = (-0.6, 0, 0.15, 0.2)
    case .fear:
      (cues.browRaise, cues.browTilt, cues.browSqueeze) = (0.7, 0.8, 0.6)
      (cues.eyeOpen, cues.mouthOpen, cues.mouthWiden, cues.mouthCurve) = (0.7, 0.45, 0.55, -0.3)
    case .happiness:
      (cues.mouthCurve, cues.mouthOpen, cues.mouthWiden) = (1, 0.3, 0.4)
      (cues.cheekRaise, cues.eyeOpen, cues.browRaise) = (1, -0.35, 0.1)
    case .sadness:
      (cues.browTilt, cues.browRaise, cues.browSqueeze) = (1, 0.05, 0.3)
      (cues.eyeOpen, cues.mouthCurve, cues.mouthWiden) = (-0.3, -0.75, -0.1)
    case .surprise:
      (cues.browRaise, cues.browArch, cues.eyeOpen) = (1, 1, 0.8)
      (cues.mouthOpen, cues.mouthWiden) = (1, -0.45)
    case .contempt:
      (cues.asymmetry, cues.mouthCurve, cues.lipPress, cues.eyeOpen) = (1, 0.15, 0.4, -0.15)
    }
    return cues
  }

  /// The cues scaled by `intensity`, as an expression shown weakly or strongly.
  func scaled(by intensity: Float) -> FacialActionCues {
    var result = self
    result.browRaise *= intensity
    result.browTilt *= intensity
    result.browArch *= intensity
    result.browSqueeze *= intensity
    result.eyeOpen *= intensity
    result.mouthCurve *= intensity
    result.mouthOpen *= intensity
    result.mouthWiden *= intensity
    result.lipPress *= intensity
    result.upperLipRaise *= intensity
    result.noseWrinkle *= intensity
    result.cheekRaise *= intensity
    result.asymmetry *= intensity
    return result
  }

  /// Adds the small resting variation every face shows (a slight smile or frown, a lifted
  /// brow), drawn from `random`, so that weak expressions are not separable by a threshold.
  mutating func addRestingVariation(_ random: inout CounterRandom, amount: Float) {
    browRaise += amount * random.nextSymmetricFloat()
    browTilt += amount * random.nextSymmetricFloat()
    eyeOpen += amount * random.nextSymmetricFloat()
    mouthCurve += amount * random.nextSymmetricFloat()
    mouthOpen += amount * 0.5 * random.nextUnitFloat()
    mouthWiden += amount * random.nextSymmetricFloat()
  }
}
