import FaceData
import Foundation

/// The labelled images of a run: a training set and a held-out test set of other subjects,
/// identical on every rank.
public struct TrainingDataSets: Sendable {
  /// The images the networks learn from.
  public let training: any FaceImageSource
  /// The real images evaluation uses; no subject of it is in `training`.
  public let test: any FaceImageSource
  /// What the sets hold, for the configuration block at start.
  public let description: String

  /// The label space.
  public var expressions: ExpressionSet { training.expressions }

  /// Loads the data `options` name: renders SynthFaces, or reads a folder or FER2013 CSV.
  ///
  /// A folder with `train` and `test` subfolders is split that way; any other folder is split
  /// into subject-independent folds (`--folds`, `--test-fold`).
  ///
  /// - Throws: `FaceDataError` naming the file at fault, unless `options.skipBad` skips it.
  public static func load(_ options: TrainingOptions) throws -> TrainingDataSets {
    var folderOptions = ImageFolderOptions()
    folderOptions.expressions = options.neutral ? .ouluCASIAWithNeutral : .ouluCASIA
    folderOptions.skipBad = options.skipBad
    folderOptions.imageSize = options.imageSize
    folderOptions.channels = options.channels
    let choice: DataSourceChoice
    switch try DataSourceSpecification(options.data) {
    case .synthetic:
      choice = .synthetic(
        trainingSubjects: options.trainingSubjects, testSubjects: options.testSubjects,
        imagesPerExpression: options.imagesPerExpression, includeNeutral: options.neutral,
        cacheInMemory: true)
    case .folder(let root):
      let trainRoot = (root as NSString).appendingPathComponent("train")
      let testRoot = (root as NSString).appendingPathComponent("test")
      var isFolder: ObjCBool = false
      if FileManager.default.fileExists(atPath: testRoot, isDirectory: &isFolder),
        isFolder.boolValue
      {
        let training = try ImageFolderLoader.load(root: trainRoot, options: folderOptions)
        let test = try ImageFolderLoader.load(root: testRoot, options: folderOptions)
        return TrainingDataSets(
          training: training.images, test: test.images,
          description: "\(training.summary)\n\(test.summary)")
      }
      choice = .imageFolder(
        root: root, options: folderOptions, foldCount: options.folds, testFold: options.testFold,
        trainingSubjectLimit: nil)
    case .fer2013(let path):
      choice = .fer2013(path: path, testUsage: .publicTest, skipBad: options.skipBad)
    }
    let prepared = try PreparedData.prepare(
      choice, imageSize: options.imageSize, channels: options.channels,
      seed: UInt64(options.seed))
    return TrainingDataSets(
      training: prepared.training, test: prepared.test,
      description: prepared.summaryLines.joined(separator: "\n"))
  }
}
