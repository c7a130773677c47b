import Foundation

/// What `SynthFaces.writeImageFolder` wrote.
public struct ImageFolderSummary: Sendable, CustomStringConvertible {
  /// The folder that holds the class folders.
  public let root: String
  /// The number of images written.
  public let imageCount: Int
  /// Images per class, in label order.
  public let countsPerClass: [Int]
  /// The class folder names, in label order.
  public let classNames: [String]
  /// The number of distinct subjects.
  public let subjectCount: Int

  /// One line: where, how many, and how they divide into classes.
  public var description: String {
    let classes = zip(classNames, countsPerClass).map { "\($0) \($1)" }.joined(separator: ", ")
    return "\(root): \(imageCount) images of \(subjectCount) subjects (\(classes))"
  }
}

extension SynthFaces {
  /// Writes every image as a PNG under `root`, one folder per expression named by its display
  /// name ("Anger"), files named `<subject>_<expression>_<number>.png` ("S0007_anger_003.png"),
  /// the layout `ImageFolderLoader` reads with its default subject pattern.
  ///
  /// - Returns: a summary of what was written.
  /// - Throws: `FaceDataError.cannotCreateFolder` or `ImageFileError.writeFailed`.
  @discardableResult
  public func writeImageFolder(to root: String) throws -> ImageFolderSummary {
    for name in expressions.names {
      try FaceDataError.createFolder((root as NSString).appendingPathComponent(name))
    }
    var counts = [Int](repeating: 0, count: expressions.count)
    for index in 0..<count {
      let label = label(at: index)
      let number = String(index % imagesPerExpression)
      let fileName =
        "\(subjectNames[subject(at: index)])_\(expressions.classes[label].rawValue)_"
        + String(repeating: "0", count: max(0, 3 - number.count)) + number + ".png"
      let folder = (root as NSString).appendingPathComponent(expressions.names[label])
      try image(at: index).writePNG(toFile: (folder as NSString).appendingPathComponent(fileName))
      counts[label] += 1
    }
    return ImageFolderSummary(
      root: root, imageCount: count, countsPerClass: counts, classNames: expressions.names,
      subjectCount: subjectIds.count)
  }

  /// A sheet with one row per subject (the first `subjectLimit`) and one column per expression,
  /// showing each subject's image number `imageNumber`.
  public func previewGrid(subjectLimit: Int = 8, imageNumber: Int = 0, padding: Int = 2)
    -> ImageGrid
  {
    precondition(imageNumber >= 0 && imageNumber < imagesPerExpression, "image number")
    let rows = min(subjectLimit, subjectIds.count)
    precondition(rows > 0, "a preview needs at least one subject")
    var grid = ImageGrid(
      rows: rows, columns: expressions.count, tileSize: imageSize, padding: padding,
      channels: channels)
    for row in 0..<rows {
      for column in 0..<expressions.count {
        let index = (row * expressions.count + column) * imagesPerExpression + imageNumber
        grid.place(image(at: index), row: row, column: column)
      }
    }
    return grid
  }

  /// Writes `previewGrid` as a PNG at `path`.
  public func writePreview(
    toFile path: String, subjectLimit: Int = 8, imageNumber: Int = 0
  ) throws {
    try previewGrid(subjectLimit: subjectLimit, imageNumber: imageNumber).writePNG(toFile: path)
  }
}

extension SynthFaces {
  /// Writes a training and a test set as the image folders `root/train` and `root/test`.
  ///
  /// - Returns: the summaries of the two folders, training first.
  public static func writeSplitFolders(training: SynthFaces, test: SynthFaces, to root: String)
    throws -> [ImageFolderSummary]
  {
    [
      try training.writeImageFolder(to: (root as NSString).appendingPathComponent("train")),
      try test.writeImageFolder(to: (root as NSString).appendingPathComponent("test")),
    ]
  }
}
