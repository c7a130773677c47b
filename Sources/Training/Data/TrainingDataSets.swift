import FaceData
import Foundation

/// The labelled images of a run: a training set and a held-out test set of other subjects,
/// decoded or rendered once into memory, identically on every rank.
public struct TrainingDataSets: Sendable {
  /// The images the networks learn from.
  public let training: FaceImageCollection
  /// The real images evaluation uses; no subject of it is in `training`.
  public let test: FaceImageCollection
  /// What the sets hold, for the configuration block at start.
  public let description: String

  /// The label space.
  public var expressions: ExpressionSet { training.expressions }

  /// Loads the data `options` name: renders SynthFaces, or reads a folder or FER2013 CSV.
  ///
  /// - Throws: `FaceDataError` naming the file at fault, unless `options.skipBad` skips it.
  public static func load(_ options: TrainingOptions) throws -> TrainingDataSets {
    let source = try DataSourceSpecification(options.data)
    let expressions: ExpressionSet = options.neutral ? .ouluCASIAWithNeutral : .ouluCASIA
    switch source {
    case .synthetic:
      let (training, test) = SynthFaces.split(
        seed: UInt64(options.seed), trainingSubjects: options.trainingSubjects,
        testSubjects: options.testSubjects, imagesPerExpression: options.imagesPerExpression,
        imageSize: options.imageSize, channels: options.channels, expressions: expressions)
      return TrainingDataSets(
        training: FaceImageCollection(copying: training), test: FaceImageCollection(copying: test),
        description:
          "SynthFaces: \(training.count) training images of \(options.trainingSubjects) subjects,"
          + " \(test.count) test images of \(options.testSubjects) other subjects")
    case .folder(let root):
      return try loadFolder(root: root, expressions: expressions, options: options)
    case .fer2013(let path):
      let data = try FER2013Loader.load(
        path: path, imageSize: options.imageSize, channels: options.channels,
        skipBad: options.skipBad)
      let training = FaceImageSubset(data.images, indices: data.indices(of: .training))
      let test = FaceImageSubset(data.images, indices: data.indices(of: .publicTest))
      return TrainingDataSets(
        training: FaceImageCollection(copying: training), test: FaceImageCollection(copying: test),
        description: "FER2013 \(path): \(training.count) Training rows, \(test.count) PublicTest"
          + " rows; \(data.summary)")
    }
  }

  /// A folder with `train` and `test` subfolders, or one folder split by subject folds.
  private static func loadFolder(
    root: String, expressions: ExpressionSet, options: TrainingOptions
  ) throws -> TrainingDataSets {
    var folderOptions = ImageFolderOptions()
    folderOptions.imageSize = options.imageSize
    folderOptions.channels = options.channels
    folderOptions.expressions = expressions
    folderOptions.skipBad = options.skipBad
    let trainRoot = (root as NSString).appendingPathComponent("train")
    let testRoot = (root as NSString).appendingPathComponent("test")
    var isFolder: ObjCBool = false
    if FileManager.default.fileExists(atPath: testRoot, isDirectory: &isFolder), isFolder.boolValue
    {
      let training = try ImageFolderLoader.load(root: trainRoot, options: folderOptions)
      let test = try ImageFolderLoader.load(root: testRoot, options: folderOptions)
      return TrainingDataSets(
        training: training.images, test: test.images,
        description: "\(training.summary)\n\(test.summary)")
    }
    let all = try ImageFolderLoader.load(root: root, options: folderOptions)
    let split = try SubjectFolds.split(
      all.images, foldCount: options.folds, testFold: options.testFold, seed: UInt64(options.seed))
    return TrainingDataSets(
      training: FaceImageCollection(copying: FaceImageSubset(all.images, indices: split.training)),
      test: FaceImageCollection(copying: FaceImageSubset(all.images, indices: split.test)),
      description: "\(all.summary)\nfold \(options.testFold) of \(options.folds) held out:"
        + " \(split.training.count) training, \(split.test.count) test images")
  }
}
