/// Where training and test images come from.
public enum DataSourceChoice: Sendable {
  /// The built-in synthetic faces.
  ///
  /// - Parameters:
  ///   - trainingSubjects: labelled training subjects.
  ///   - testSubjects: held-out subjects.
  ///   - imagesPerExpression: images per subject and expression.
  ///   - includeNeutral: add Neutral as a 7th class.
  ///   - cacheInMemory: render every image once up front instead of on every use.
  case synthetic(
    trainingSubjects: Int, testSubjects: Int, imagesPerExpression: Int, includeNeutral: Bool,
    cacheInMemory: Bool)
  /// An image folder with one subfolder per expression, split into subject-independent folds;
  /// `options.imageSize` and `options.channels` are replaced by those of `prepare`.
  case imageFolder(
    root: String, options: ImageFolderOptions, foldCount: Int, testFold: Int,
    trainingSubjectLimit: Int?)
  /// The FER2013 CSV; Training rows train, `testUsage` rows test.
  case fer2013(path: String, testUsage: FER2013Usage, skipBad: Bool)
}

/// A training set and a test set ready for the sampler and for evaluation.
public struct PreparedData: Sendable {
  /// The training images; global sample indices address them.
  public let training: any FaceImageSource
  /// The held-out images, subject-independent from training when subjects are known.
  public let test: any FaceImageSource
  /// Lines describing what was loaded, for the start-of-run configuration block.
  public let summaryLines: [String]

  /// Builds the training and test sets of `choice` at S = `imageSize` with C = `channels`.
  ///
  /// - Parameter seed: the seed of synthetic rendering and of the fold assignment.
  /// - Throws: `FaceDataError` when an option is out of range or the data cannot be loaded.
  public static func prepare(
    _ choice: DataSourceChoice, imageSize: Int, channels: Int, seed: UInt64
  ) throws -> PreparedData {
    try check("image size", imageSize, valid: imageSize >= 8, expected: "at least 8")
    try check("channels", channels, valid: channels == 1 || channels == 3, expected: "1 or 3")
    switch choice {
    case .synthetic(let training, let test, let perExpression, let neutral, let cache):
      let limit = SynthFaces.firstTestSubject
      try check(
        "training subjects", training, valid: (1...limit).contains(training),
        expected: "1 to \(limit)")
      try check("test subjects", test, valid: test >= 1, expected: "at least 1")
      try check(
        "images per expression", perExpression, valid: perExpression >= 1, expected: "at least 1")
      let (trainingSet, testSet) = SynthFaces.split(
        seed: seed, trainingSubjects: training, testSubjects: test,
        imagesPerExpression: perExpression, imageSize: imageSize, channels: channels,
        expressions: neutral ? .ouluCASIAWithNeutral : .ouluCASIA)
      let lines = [
        "synthetic faces: seed \(seed), \(training) training and \(test) test subjects, "
          + "\(perExpression) images per expression, \(trainingSet.expressions.count) classes"
      ]
      if cache {
        return PreparedData(
          training: FaceImageCollection(copying: trainingSet),
          test: FaceImageCollection(copying: testSet), summaryLines: lines)
      }
      return PreparedData(training: trainingSet, test: testSet, summaryLines: lines)
    case .imageFolder(let root, var options, let foldCount, let testFold, let limit):
      options.imageSize = imageSize
      options.channels = channels
      let (images, summary) = try ImageFolderLoader.load(root: root, options: options)
      let split = try SubjectFolds.split(
        images, foldCount: foldCount, testFold: testFold, seed: seed, trainingSubjectLimit: limit)
      return PreparedData(
        training: FaceImageSubset(images, indices: split.training),
        test: FaceImageSubset(images, indices: split.test),
        summaryLines: [
          summary.description,
          "fold \(testFold) of \(foldCount): \(split.training.count) training, "
            + "\(split.test.count) test images",
        ])
    case .fer2013(let path, let testUsage, let skipBad):
      let data = try FER2013Loader.load(
        path: path, imageSize: imageSize, channels: channels, skipBad: skipBad)
      return PreparedData(
        training: FaceImageSubset(data.images, indices: data.indices(of: .training)),
        test: FaceImageSubset(data.images, indices: data.indices(of: testUsage)),
        summaryLines: [data.summary.description])
    }
  }
}

/// Throws `FaceDataError.invalidOption` unless `valid`.
private func check(_ name: String, _ value: Int, valid: Bool, expected: String) throws {
  if !valid {
    throw FaceDataError.invalidOption(name: name, value: String(value), expected: expected)
  }
}

extension FaceImageSource {
  /// The images at `indices` as one (N, C, S, S) float array in [-1, 1] with their labels,
  /// for evaluation batches.
  public func batch(of indices: [Int]) -> (images: [Float], labels: [Int]) {
    var images = [Float](repeating: 0, count: indices.count * floatsPerImage)
    images.withUnsafeMutableBufferPointer { buffer in
      for (row, index) in indices.enumerated() {
        writeImage(at: index, into: buffer.baseAddress! + row * floatsPerImage)
      }
    }
    return (images, indices.map(label(at:)))
  }
}
