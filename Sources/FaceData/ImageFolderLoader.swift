import Foundation

/// How to read an image folder.
public struct ImageFolderOptions: Sendable {
  /// The side S images are resized to.
  public var imageSize: Int = 64
  /// C: 3 converts everything to RGB, 1 to gray.
  public var channels: Int = 3
  /// The label space; every class must have a folder with images.
  public var expressions: ExpressionSet = .ouluCASIA
  /// Folder names (any case) mapped to classes, consulted before the built-in aliases.
  public var folderClasses: [String: ExpressionClass] = [:]
  /// A regular expression matched against each image's path relative to its class folder;
  /// its first capture group is the subject id. The default takes a leading token of letters
  /// and digits such as "S005" in "S005_001_00000014.png" or "P001" in "P001/003.jpeg".
  public var subjectPattern: String = "^([A-Za-z]*[0-9]+)"
  /// The fraction of the central square kept before resizing (1 keeps the whole square;
  /// non-square images always lose their sides rather than being stretched).
  public var cropFraction: Double = 1
  /// Skip and count bad items (unreadable images, unknown folders, names without a
  /// subject) instead of failing. Classes left without images fail either way.
  public var skipBad: Bool = false

  /// The defaults: 64 pixels, RGB, the six Oulu-CASIA classes, no skipping.
  public init() {}

  /// Throws `FaceDataError.invalidOption` for a size, channel count or crop out of range.
  func validate() throws {
    if imageSize < 1 {
      throw FaceDataError.invalidOption(
        name: "image size", value: String(imageSize), expected: "at least 1")
    }
    if channels != 1 && channels != 3 {
      throw FaceDataError.invalidOption(
        name: "channels", value: String(channels), expected: "1 or 3")
    }
    if !(cropFraction > 0 && cropFraction <= 1) {
      throw FaceDataError.invalidOption(
        name: "crop fraction", value: String(cropFraction), expected: "more than 0, at most 1")
    }
  }
}

/// Reads a labelled image folder: one subfolder per expression, images (PNG or JPEG, any
/// size, gray or color) anywhere below it, the subject id in each file's path.
///
/// Files and folders whose names start with "." are ignored, as are plain files directly in
/// the root. Everything is decoded and checked before the call returns, so a bad file fails
/// the load before training starts.
public enum ImageFolderLoader {
  /// Loads every image under `root`.
  ///
  /// - Throws: `FaceDataError` naming the folder or file at fault.
  public static func load(root: String, options: ImageFolderOptions = ImageFolderOptions())
    throws -> (images: FaceImageCollection, summary: LoadSummary)
  {
    try options.validate()
    let pattern = try compile(options.subjectPattern)
    var skipped: [SkippedItem] = []
    let folders = try classFolders(root: root, options: options, skipped: &skipped)
    var files: [ImageFile] = []
    for (folder, label) in folders {
      for relative in try imageFiles(under: folder) {
        let path = (folder as NSString).appendingPathComponent(relative)
        files.append(ImageFile(path: path, relative: relative, label: label))
      }
    }
    var builder = CollectionBuilder(options: options)
    // Results come back in file order, so the first bad file is the one reported.
    for (file, result) in zip(files, decodeAll(files, options: options, pattern: pattern)) {
      switch result {
      case .success(let (image, subject)):
        builder.append(image, label: file.label, subject: subject, origin: file.path)
      case .failure(let error):
        guard options.skipBad else { throw error }
        skipped.append(SkippedItem(origin: file.path, reason: error.description))
      }
    }
    return try builder.finish(source: root, skipped: skipped)
  }

  /// The class folders under `root` with their labels, in label then name order.
  private static func classFolders(
    root: String, options: ImageFolderOptions, skipped: inout [SkippedItem]
  ) throws -> [(String, Int)] {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: root, isDirectory: &isFolder), isFolder.boolValue
    else { throw FaceDataError.missingFolder(path: root) }
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).sorted()
    let explicit = Dictionary(
      options.folderClasses.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a }
    )
    var result: [(String, Int)] = []
    for name in names where !name.hasPrefix(".") {
      let path = (root as NSString).appendingPathComponent(name)
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue
      else { continue }
      let expression = explicit[name.lowercased()] ?? ExpressionClass(folderName: name)
      guard let expression, let label = options.expressions.label(of: expression) else {
        let error = FaceDataError.unknownClassFolder(
          path: path, expected: options.expressions.names)
        guard options.skipBad else { throw error }
        skipped.append(SkippedItem(origin: path, reason: error.description))
        continue
      }
      result.append((path, label))
    }
    if result.isEmpty {
      throw FaceDataError.noClassFolders(path: root, expected: options.expressions.names)
    }
    return result.sorted { ($0.1, $0.0) < ($1.1, $1.0) }
  }

  /// Paths of the non-hidden files below `folder`, relative to it, sorted.
  private static func imageFiles(under folder: String) throws -> [String] {
    guard let enumerator = FileManager.default.enumerator(atPath: folder) else {
      throw FaceDataError.missingFolder(path: folder)
    }
    var files: [String] = []
    while let relative = enumerator.nextObject() as? String {
      let name = (relative as NSString).lastPathComponent
      if name.hasPrefix(".") {
        enumerator.skipDescendants()
        continue
      }
      if enumerator.fileAttributes?[.type] as? FileAttributeType == .typeRegular {
        files.append(relative)
      }
    }
    return files.sorted()
  }

  /// One file found under a class folder.
  private struct ImageFile: Sendable {
    let path: String
    let relative: String
    let label: Int
  }

  /// Decodes, converts and resizes every file on all cores, and finds its subject.
  private static func decodeAll(
    _ files: [ImageFile], options: ImageFolderOptions, pattern: NSRegularExpression
  ) -> [Result<(PixelImage, String), FaceDataError>] {
    let results = ResultSlots<(PixelImage, String)>(count: files.count)
    let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
      for index in stride(from: worker, to: files.count, by: workers) {
        let file = files[index]
        results.store(
          index,
          Result {
            let subject = try subjectName(of: file.relative, path: file.path, pattern: pattern)
            let image = try decode(file.path).converted(toChannels: options.channels)
              .squared(size: options.imageSize, cropFraction: options.cropFraction)
            return (image, subject)
          }.mapError {
            ($0 as? FaceDataError) ?? .badImage(.unreadable(path: file.path, reason: "\($0)"))
          })
      }
    }
    return results.values
  }

  private static func decode(_ path: String) throws -> PixelImage {
    do {
      return try PixelImage(contentsOfFile: path)
    } catch let error as ImageFileError {
      throw FaceDataError.badImage(error)
    }
  }

  static func compile(_ pattern: String) throws -> NSRegularExpression {
    let expression: NSRegularExpression
    do {
      expression = try NSRegularExpression(pattern: pattern)
    } catch {
      throw FaceDataError.invalidSubjectPattern(pattern: pattern, reason: "does not compile")
    }
    guard expression.numberOfCaptureGroups >= 1 else {
      throw FaceDataError.invalidSubjectPattern(pattern: pattern, reason: "no capture group")
    }
    return expression
  }

  private static func subjectName(of relative: String, path: String, pattern: NSRegularExpression)
    throws -> String
  {
    let range = NSRange(relative.startIndex..., in: relative)
    guard let match = pattern.firstMatch(in: relative, range: range),
      let group = Range(match.range(at: 1), in: relative), !group.isEmpty
    else { throw FaceDataError.subjectNotFound(path: path, pattern: pattern.pattern) }
    return String(relative[group])
  }
}

/// Accumulates decoded images into the parallel arrays of a `FaceImageCollection`.
struct CollectionBuilder {
  let imageSize: Int
  let channels: Int
  let expressions: ExpressionSet
  var pixels: [UInt8] = []
  var labels: [Int] = []
  var subjectIds: [Int] = []
  var origins: [String] = []
  var subjectNumbers: [String: Int] = [:]
  var subjectNames: [String] = []

  init(imageSize: Int, channels: Int, expressions: ExpressionSet) {
    self.imageSize = imageSize
    self.channels = channels
    self.expressions = expressions
  }

  init(options: ImageFolderOptions) {
    self.init(
      imageSize: options.imageSize, channels: options.channels, expressions: options.expressions)
  }

  mutating func append(_ image: PixelImage, label: Int, subject: String, origin: String) {
    let id: Int
    if let known = subjectNumbers[subject] {
      id = known
    } else {
      id = subjectNames.count
      subjectNumbers[subject] = id
      subjectNames.append(subject)
    }
    pixels += image.bytes
    labels.append(label)
    subjectIds.append(id)
    origins.append(origin)
  }

  /// The collection, or `emptyClass` for the first class without images.
  func finish(source: String, skipped: [SkippedItem]) throws
    -> (images: FaceImageCollection, summary: LoadSummary)
  {
    var counts = [Int](repeating: 0, count: expressions.count)
    for label in labels { counts[label] += 1 }
    if let empty = counts.firstIndex(of: 0) {
      throw FaceDataError.emptyClass(path: source, className: expressions.names[empty])
    }
    let images = FaceImageCollection(
      imageSize: imageSize, channels: channels, expressions: expressions,
      subjectNames: subjectNames, pixels: pixels, labels: labels, subjects: subjectIds,
      origins: origins)
    let summary = LoadSummary(
      source: source, loadedCount: labels.count, countsPerClass: counts,
      classNames: expressions.names, subjectCount: subjectNames.count, skipped: skipped)
    return (images, summary)
  }
}

/// Slots that worker threads fill at distinct indices; read once all workers are done.
private final class ResultSlots<Value>: @unchecked Sendable {
  private var slots: [Result<Value, FaceDataError>?]
  private let lock = NSLock()

  init(count: Int) {
    slots = Array(repeating: nil, count: count)
  }

  func store(_ index: Int, _ result: Result<Value, FaceDataError>) {
    lock.lock()
    slots[index] = result
    lock.unlock()
  }

  /// Every slot's result, in index order.
  var values: [Result<Value, FaceDataError>] { slots.map { $0! } }
}
