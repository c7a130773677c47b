/// A training set and a test set of indices into one source, with no subject in both.
public struct DataSplit: Equatable, Sendable {
  /// Indices of the training images, increasing.
  public let training: [Int]
  /// Indices of the test images, increasing.
  public let test: [Int]

  /// A split from explicit index lists.
  public init(training: [Int], test: [Int]) {
    self.training = training
    self.test = test
  }
}

/// Subject-independent k-fold cross-validation: subjects are shuffled by a seed and dealt into
/// k folds; fold f is the test set and the other folds train.
public enum SubjectFolds {
  /// The fold of each subject id `0..<subjectCount`: a seeded shuffle dealt round-robin, so
  /// fold sizes differ by at most one subject.
  ///
  /// - Throws: `FaceDataError.invalidOption` for fewer than 2 folds,
  ///   `FaceDataError.tooFewSubjects` for fewer subjects than folds.
  public static func assignment(subjectCount: Int, foldCount: Int, seed: UInt64) throws -> [Int] {
    guard foldCount >= 2 else {
      throw FaceDataError.invalidOption(
        name: "fold count", value: String(foldCount), expected: "at least 2")
    }
    guard subjectCount >= foldCount else {
      throw FaceDataError.tooFewSubjects(found: subjectCount, foldCount: foldCount)
    }
    var random = CounterRandom(
      seed: seed, purpose: .folds, first: UInt32(foldCount), second: 0, third: 0)
    var order = Array(0..<subjectCount)
    for i in stride(from: subjectCount - 1, to: 0, by: -1) {
      order.swapAt(i, random.nextInt(below: i + 1))
    }
    var folds = [Int](repeating: 0, count: subjectCount)
    for (position, subject) in order.enumerated() { folds[subject] = position % foldCount }
    return folds
  }

  /// The split whose test set is fold `testFold` of `foldCount`.
  ///
  /// - Parameter trainingSubjectLimit: keep only this many training subjects (those dealt
  ///   first), to study how accuracy grows with the number of labelled subjects; nil keeps all.
  public static func split(
    _ source: some FaceImageSource, foldCount: Int, testFold: Int, seed: UInt64,
    trainingSubjectLimit: Int? = nil
  ) throws -> DataSplit {
    guard testFold >= 0 && testFold < foldCount else {
      throw FaceDataError.invalidOption(
        name: "test fold", value: String(testFold), expected: "0 to \(foldCount - 1)")
    }
    if let limit = trainingSubjectLimit, limit < 1 {
      throw FaceDataError.invalidOption(
        name: "training subject limit", value: String(limit), expected: "at least 1")
    }
    let subjectCount = source.subjectNames.count
    let folds = try assignment(subjectCount: subjectCount, foldCount: foldCount, seed: seed)
    var keep = [Bool](repeating: true, count: subjectCount)
    if let limit = trainingSubjectLimit {
      let trainingSubjects = (0..<subjectCount).filter { folds[$0] != testFold }
      let rank = ranks(of: trainingSubjects, seed: seed)
      for subject in trainingSubjects where rank[subject]! >= limit { keep[subject] = false }
    }
    var training: [Int] = []
    var test: [Int] = []
    for index in 0..<source.count {
      let subject = source.subject(at: index)
      if folds[subject] == testFold {
        test.append(index)
      } else if keep[subject] {
        training.append(index)
      }
    }
    return DataSplit(training: training, test: test)
  }

  /// A seeded order of the given subjects: subject -> position.
  private static func ranks(of subjects: [Int], seed: UInt64) -> [Int: Int] {
    var random = CounterRandom(seed: seed, purpose: .folds, first: 0, second: 1, third: 0)
    var order = subjects
    for i in stride(from: order.count - 1, to: 0, by: -1) {
      order.swapAt(i, random.nextInt(below: i + 1))
    }
    return Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
  }
}

/// The images of a source at a list of indices, as a source of its own: a training or test
/// set, indexed `0..<indices.count`.
public struct FaceImageSubset: FaceImageSource {
  /// The source the images come from.
  public let base: any FaceImageSource
  /// The base indices, in subset order.
  public let indices: [Int]

  /// The images of `base` at `indices`.
  public init(_ base: any FaceImageSource, indices: [Int]) {
    precondition(indices.allSatisfy { $0 >= 0 && $0 < base.count }, "subset index out of range")
    self.base = base
    self.indices = indices
  }

  /// The number of images.
  public var count: Int { indices.count }
  /// The side S of every image, in pixels.
  public var imageSize: Int { base.imageSize }
  /// C: 1 (gray) or 3 (RGB).
  public var channels: Int { base.channels }
  /// The label space.
  public var expressions: ExpressionSet { base.expressions }
  /// The names of the subjects, indexed by subject id.
  public var subjectNames: [String] { base.subjectNames }
  /// The expression label of image `index`.
  public func label(at index: Int) -> Int { base.label(at: indices[index]) }
  /// The subject id of image `index`.
  public func subject(at index: Int) -> Int { base.subject(at: indices[index]) }
  /// Image `index`, S x S with C channels.
  public func image(at index: Int) -> PixelImage { base.image(at: indices[index]) }
}
