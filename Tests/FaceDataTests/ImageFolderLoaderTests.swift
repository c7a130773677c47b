import FaceData
import Foundation
import XCTest

final class ImageFolderLoaderTests: XCTestCase {
  /// Writes a six-class folder with abbreviated and differently cased folder names, PNG and
  /// JPEG files, gray and RGB, of several sizes; two subjects per class.
  private func writeFixture(in folder: TemporaryFolder) throws -> String {
    let names = ["an", "Disgusted", "FE", "happy", "sa", "Surprise"]
    let expressions: [ExpressionClass] = [.anger, .disgust, .fear, .happiness, .sadness, .surprise]
    for (number, name) in names.enumerated() {
      for subject in ["S005", "S011"] {
        let size = 40 + 8 * number
        let image = SynthFaces.render(
          seed: 2, subject: subject == "S005" ? 5 : 11, expression: expressions[number], index: 0,
          imageSize: size, channels: number % 2 == 0 ? 3 : 1)
        let base = "data/\(name)/\(subject)_00\(number)"
        if number % 3 == 0 {
          try image.writeJPEG(toFile: try folder.file(base + ".jpg"), quality: 92)
        } else {
          try image.writePNG(toFile: try folder.file(base + ".png"))
        }
      }
    }
    return (folder.path as NSString).appendingPathComponent("data")
  }

  private func options(skipBad: Bool = false) -> ImageFolderOptions {
    var options = ImageFolderOptions()
    options.imageSize = 32
    options.skipBad = skipBad
    return options
  }

  private func assertLoadFails(
    _ root: String, _ options: ImageFolderOptions, file: StaticString = #filePath,
    line: UInt = #line, _ check: (FaceDataError) -> Void
  ) {
    XCTAssertThrowsError(
      try ImageFolderLoader.load(root: root, options: options), file: file, line: line
    ) {
      guard let error = $0 as? FaceDataError else {
        return XCTFail("not a FaceDataError: \($0)", file: file, line: line)
      }
      check(error)
    }
  }

  func testLoadsAbbreviatedFoldersWithSubjects() throws {
    let folder = try TemporaryFolder()
    let root = try writeFixture(in: folder)
    let (images, summary) = try ImageFolderLoader.load(root: root, options: options())
    XCTAssertEqual(images.count, 12)
    XCTAssertEqual(summary.countsPerClass, [2, 2, 2, 2, 2, 2])
    XCTAssertEqual(Set(images.subjectNames), ["S005", "S011"])
    XCTAssertEqual(images.labels, [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5])
    XCTAssertEqual(images.imageSize, 32)
    XCTAssertEqual(images.channels, 3)
    XCTAssertTrue(summary.skipped.isEmpty)
    XCTAssertEqual(images.subjectNames[images.subject(at: 1)], "S011")
  }

  func testSynthFolderLoadsBackToTheSameImages() throws {
    let folder = try TemporaryFolder()
    let faces = SynthFaces(
      seed: 9, subjectIds: [0, 3], imagesPerExpression: 2, imageSize: 32, channels: 1,
      expressions: .ouluCASIAWithNeutral)
    let root = (folder.path as NSString).appendingPathComponent("synth")
    let written = try faces.writeImageFolder(to: root)
    XCTAssertEqual(written.imageCount, 28)
    var options = options()
    options.channels = 1
    options.expressions = .ouluCASIAWithNeutral
    let (images, summary) = try ImageFolderLoader.load(root: root, options: options)
    XCTAssertEqual(summary.loadedCount, 28)
    XCTAssertEqual(images.subjectNames, ["S0000", "S0003"])
    // The loader orders by class, then file name: subject, then image number.
    let expectedOrder = (0..<faces.count).sorted {
      (faces.label(at: $0), faces.subject(at: $0), $0) < (
        faces.label(at: $1), faces.subject(at: $1), $1
      )
    }
    for (loaded, index) in expectedOrder.enumerated() {
      XCTAssertEqual(images.image(at: loaded), faces.image(at: index))
      XCTAssertEqual(images.label(at: loaded), faces.label(at: index))
      XCTAssertEqual(images.subject(at: loaded), faces.subject(at: index))
    }
  }

  func testMissingFolder() {
    assertLoadFails("/nonexistent/data", options()) {
      XCTAssertEqual($0, .missingFolder(path: "/nonexistent/data"))
    }
  }

  func testFolderWithoutClassFolders() throws {
    let folder = try TemporaryFolder()
    _ = try folder.write([1], to: "loose.txt")
    assertLoadFails(folder.path, options()) {
      XCTAssertEqual(
        $0, .noClassFolders(path: folder.path, expected: ExpressionSet.ouluCASIA.names))
      XCTAssertTrue($0.description.contains("expected one folder per expression"))
    }
  }

  func testUnknownClassFolderFailsOrIsSkipped() throws {
    let folder = try TemporaryFolder()
    let root = try writeFixture(in: folder)
    let unknown = (root as NSString).appendingPathComponent("Bored")
    try FileManager.default.createDirectory(atPath: unknown, withIntermediateDirectories: true)
    assertLoadFails(root, options()) {
      XCTAssertEqual(
        $0, .unknownClassFolder(path: unknown, expected: ExpressionSet.ouluCASIA.names))
    }
    let (images, summary) = try ImageFolderLoader.load(root: root, options: options(skipBad: true))
    XCTAssertEqual(images.count, 12)
    XCTAssertEqual(summary.skipped.map(\.origin), [unknown])
  }

  func testExplicitMappingNamesAFolder() throws {
    let folder = try TemporaryFolder()
    let root = try writeFixture(in: folder)
    try FileManager.default.moveItem(
      atPath: (root as NSString).appendingPathComponent("sa"),
      toPath: (root as NSString).appendingPathComponent("Blue"))
    var mapped = options()
    mapped.folderClasses = ["blue": .sadness]
    XCTAssertEqual(
      try ImageFolderLoader.load(root: root, options: mapped).summary.countsPerClass[4], 2)
  }

  func testEmptyClassFailsEvenWhenSkipping() throws {
    let folder = try TemporaryFolder()
    let root = try writeFixture(in: folder)
    let fear = (root as NSString).appendingPathComponent("FE")
    for name in try FileManager.default.contentsOfDirectory(atPath: fear) {
      try FileManager.default.removeItem(atPath: (fear as NSString).appendingPathComponent(name))
    }
    for skip in [false, true] {
      assertLoadFails(root, options(skipBad: skip)) {
        XCTAssertEqual($0, .emptyClass(path: root, className: "Fear"))
      }
    }
  }

  func testBrokenAndNonImageFilesFailOrAreCounted() throws {
    let folder = try TemporaryFolder()
    let root = try writeFixture(in: folder)
    let valid = try PixelImage(contentsOfFile: root + "/sa/S005_004.png")
    let truncatedPath = root + "/happy/S020_001.png"
    try valid.writePNG(toFile: truncatedPath)
    let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: truncatedPath)))
    _ = try folder.write(Array(bytes.prefix(bytes.count - 30)), to: "data/happy/S020_001.png")
    let textPath = try folder.write(Array("subject list".utf8), to: "data/sa/S030_notes.txt")
    assertLoadFails(root, options()) {
      guard case .badImage(.corrupt(let path, _)) = $0 else { return XCTFail("unexpected \($0)") }
      XCTAssertEqual(path, truncatedPath)
      XCTAssertTrue($0.description.hasPrefix(truncatedPath))
    }
    let (images, summary) = try ImageFolderLoader.load(root: root, options: options(skipBad: true))
    XCTAssertEqual(images.count, 12)
    XCTAssertEqual(summary.skipped.map(\.origin), [truncatedPath, textPath])
    XCTAssertTrue(summary.description.contains("skipped 2 bad items"))
    try FileManager.default.removeItem(atPath: truncatedPath)
    assertLoadFails(root, options()) {
      XCTAssertEqual($0, .badImage(.notAnImage(path: textPath)))
    }
  }

  func testSubjectPatternMismatchAndInvalidPattern() throws {
    let folder = try TemporaryFolder()
    let root = try writeFixture(in: folder)
    let odd = root + "/an/face.png"
    try PixelImage(width: 8, height: 8, channels: 1).writePNG(toFile: odd)
    assertLoadFails(root, options()) {
      XCTAssertEqual($0, .subjectNotFound(path: odd, pattern: "^([A-Za-z]*[0-9]+)"))
    }
    XCTAssertEqual(
      try ImageFolderLoader.load(root: root, options: options(skipBad: true)).summary.skipped.count,
      1)
    var custom = options()
    custom.subjectPattern = "_(\\d+)\\."
    try FileManager.default.removeItem(atPath: odd)
    XCTAssertEqual(
      try ImageFolderLoader.load(root: root, options: custom).images.subjectNames.count, 6)
    for pattern in ["([", "S[0-9]+"] {
      custom.subjectPattern = pattern
      assertLoadFails(root, custom) {
        guard case .invalidSubjectPattern(let failing, _) = $0 else { return XCTFail("\($0)") }
        XCTAssertEqual(failing, pattern)
      }
    }
  }

  func testOptionsOutOfRange() throws {
    let folder = try TemporaryFolder()
    let root = try writeFixture(in: folder)
    var crop = options()
    crop.cropFraction = 1.5
    assertLoadFails(root, crop) {
      XCTAssertEqual(
        $0, .invalidOption(name: "crop fraction", value: "1.5", expected: "more than 0, at most 1"))
    }
    var channels = options()
    channels.channels = 4
    assertLoadFails(root, channels) {
      XCTAssertEqual($0, .invalidOption(name: "channels", value: "4", expected: "1 or 3"))
    }
  }

  func testClassNameAliases() {
    XCTAssertEqual(ExpressionClass(folderName: "AN"), .anger)
    XCTAssertEqual(ExpressionClass(folderName: "angry"), .anger)
    XCTAssertEqual(ExpressionClass(folderName: "Happiness"), .happiness)
    XCTAssertEqual(ExpressionClass(folderName: "ha"), .happiness)
    XCTAssertEqual(ExpressionClass(folderName: "3_happy"), .happiness)
    XCTAssertEqual(ExpressionClass(folderName: "su"), .surprise)
    XCTAssertEqual(ExpressionClass(folderName: "di"), .disgust)
    XCTAssertEqual(ExpressionClass(folderName: "Fe"), .fear)
    XCTAssertEqual(ExpressionClass(folderName: "ne"), .neutral)
    XCTAssertEqual(ExpressionClass(folderName: "co"), .contempt)
    XCTAssertEqual(ExpressionClass(folderName: "sad"), .sadness)
    XCTAssertNil(ExpressionClass(folderName: "bored"))
    XCTAssertEqual(ExpressionSet.ckPlus.label(of: .contempt), 1)
    XCTAssertNil(ExpressionSet.ouluCASIA.label(of: .neutral))
  }
}
