import FaceData
import XCTest

final class PreparedDataTests: XCTestCase {
  func testSyntheticChoiceCachedOrNotGivesTheSameImages() throws {
    let rendered = try PreparedData.prepare(
      .synthetic(
        trainingSubjects: 3, testSubjects: 2, imagesPerExpression: 2, includeNeutral: true,
        cacheInMemory: false), imageSize: 32, channels: 1, seed: 6)
    let cached = try PreparedData.prepare(
      .synthetic(
        trainingSubjects: 3, testSubjects: 2, imagesPerExpression: 2, includeNeutral: true,
        cacheInMemory: true), imageSize: 32, channels: 1, seed: 6)
    XCTAssertEqual(rendered.training.count, 3 * 7 * 2)
    XCTAssertEqual(rendered.test.count, 2 * 7 * 2)
    XCTAssertEqual(cached.training.image(at: 17), rendered.training.image(at: 17))
    XCTAssertEqual(cached.test.image(at: 5), rendered.test.image(at: 5))
    let batch = cached.test.batch(of: [0, 3])
    XCTAssertEqual(batch.images.count, 2 * 32 * 32)
    XCTAssertEqual(batch.labels, [cached.test.label(at: 0), cached.test.label(at: 3)])
  }

  func testSplitFoldersLoadThroughTheFolderChoice() throws {
    let folder = try TemporaryFolder()
    let (training, test) = SynthFaces.split(
      seed: 2, trainingSubjects: 4, testSubjects: 2, imagesPerExpression: 1, imageSize: 32)
    let summaries = try SynthFaces.writeSplitFolders(
      training: training, test: test, to: folder.path)
    XCTAssertEqual(summaries.map(\.imageCount), [24, 12])
    let prepared = try PreparedData.prepare(
      .imageFolder(
        root: folder.path + "/train", options: ImageFolderOptions(), foldCount: 2, testFold: 0,
        trainingSubjectLimit: nil), imageSize: 16, channels: 3, seed: 1)
    XCTAssertEqual(prepared.training.count + prepared.test.count, 24)
    XCTAssertEqual(prepared.training.imageSize, 16)
    let trainingSubjects = Set((0..<prepared.training.count).map(prepared.training.subject(at:)))
    let testSubjects = Set((0..<prepared.test.count).map(prepared.test.subject(at:)))
    XCTAssertTrue(trainingSubjects.isDisjoint(with: testSubjects))
  }
}
