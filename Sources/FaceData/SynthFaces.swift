/// The built-in data set: procedurally drawn faces of synthetic subjects showing expressions.
///
/// Each subject has its own face shape, skin tone, hair, eye size and spacing, nose and mouth,
/// and its own expressiveness. Each image shows one expression at a random intensity (weak
/// expressions are genuinely hard to tell apart) under random placement, rotation, scale,
/// lighting, background and noise. Image (seed, subject, expression, index) is always the
/// same bytes, so a data set needs no files and every process renders identical data.
///
/// Images are indexed subject-major: index = (subject position * K + label) * imagesPerExpression
/// + image number.
public struct SynthFaces: FaceImageSource {
  /// The subject id of the first test subject. Training subjects are 0, 1, 2, ...; test
  /// subjects start here, so the test set stays the same whatever the number of training
  /// subjects.
  public static let firstTestSubject = 100_000

  /// The seed every trait and image is drawn from.
  public let seed: UInt64
  /// The subject ids in this set, in index order.
  public let subjectIds: [Int]
  /// How many images each subject has of each expression.
  public let imagesPerExpression: Int
  /// The side S in pixels.
  public let imageSize: Int
  /// C: 3 for RGB, 1 for gray.
  public let channels: Int
  /// The label space; `.ouluCASIA` (six classes) or `.ouluCASIAWithNeutral` (seven).
  public let expressions: ExpressionSet

  /// A set of the given subjects.
  ///
  /// - Parameters:
  ///   - subjectIds: distinct non-negative subject ids.
  ///   - imageSize: S; 32, 64 and 128 are the sizes the trainer supports.
  public init(
    seed: UInt64, subjectIds: [Int], imagesPerExpression: Int, imageSize: Int = 64,
    channels: Int = 3, expressions: ExpressionSet = .ouluCASIA
  ) {
    precondition(Set(subjectIds).count == subjectIds.count, "subject ids repeat")
    precondition(subjectIds.allSatisfy { $0 >= 0 }, "subject ids are non-negative")
    precondition(imagesPerExpression > 0 && imagesPerExpression < 1 << 24, "images per class")
    precondition(channels == 1 || channels == 3, "an image has 1 or 3 channels")
    precondition(imageSize >= 8, "synthetic faces need at least 8 pixels")
    self.seed = seed
    self.subjectIds = subjectIds
    self.imagesPerExpression = imagesPerExpression
    self.imageSize = imageSize
    self.channels = channels
    self.expressions = expressions
  }

  /// The subject-independent training and test sets of a seed.
  ///
  /// - Parameters:
  ///   - trainingSubjects: the number of labelled training subjects (ids 0..<n).
  ///   - testSubjects: the number of test subjects (ids from `firstTestSubject`).
  public static func split(
    seed: UInt64, trainingSubjects: Int, testSubjects: Int, imagesPerExpression: Int,
    imageSize: Int = 64, channels: Int = 3, expressions: ExpressionSet = .ouluCASIA
  ) -> (training: SynthFaces, test: SynthFaces) {
    precondition(trainingSubjects > 0 && trainingSubjects <= firstTestSubject, "training subjects")
    precondition(testSubjects >= 0, "test subjects")
    let make = { (ids: [Int]) in
      SynthFaces(
        seed: seed, subjectIds: ids, imagesPerExpression: imagesPerExpression,
        imageSize: imageSize, channels: channels, expressions: expressions)
    }
    return (
      make(Array(0..<trainingSubjects)),
      make(Array(firstTestSubject..<(firstTestSubject + testSubjects)))
    )
  }

  /// The image of one subject, expression and image number: a pure function of the
  /// arguments, the same bytes on every machine.
  public static func render(
    seed: UInt64, subject: Int, expression: ExpressionClass, index: Int, imageSize: Int,
    channels: Int
  ) -> PixelImage {
    SynthFaceRenderer.render(
      seed: seed, subject: subject, expression: expression, index: index, size: imageSize,
      channels: channels)
  }

  /// "S0007" for training subject 7, "T0002" for the third test subject.
  public static func name(ofSubject id: Int) -> String {
    let isTest = id >= firstTestSubject
    let number = isTest ? id - firstTestSubject : id
    let digits = String(number)
    return (isTest ? "T" : "S") + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
  }

  /// The number of images.
  public var count: Int { subjectIds.count * expressions.count * imagesPerExpression }
  /// The names of the subjects, indexed by subject id.
  public var subjectNames: [String] { subjectIds.map(SynthFaces.name(ofSubject:)) }

  /// The expression label of image `index`.
  public func label(at index: Int) -> Int {
    (index / imagesPerExpression) % expressions.count
  }

  /// The position of the image's subject in `subjectIds`.
  public func subject(at index: Int) -> Int {
    index / (imagesPerExpression * expressions.count)
  }

  /// Image `index`, S x S with C channels.
  public func image(at index: Int) -> PixelImage {
    precondition(index >= 0 && index < count, "image index out of range")
    return SynthFaces.render(
      seed: seed, subject: subjectIds[subject(at: index)],
      expression: expressions.classes[label(at: index)], index: index % imagesPerExpression,
      imageSize: imageSize, channels: channels)
  }
}
