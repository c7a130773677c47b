import FaceData
import Foundation
import XCTest

final class SynthFacesTests: XCTestCase {
  func testSameKeyRendersSameBytes() {
    for (size, channels) in [(32, 3), (64, 1), (128, 3)] {
      let first = SynthFaces.render(
        seed: 11, subject: 3, expression: .fear, index: 5, imageSize: size, channels: channels)
      let second = SynthFaces.render(
        seed: 11, subject: 3, expression: .fear, index: 5, imageSize: size, channels: channels)
      XCTAssertEqual(first, second)
      XCTAssertEqual(first.bytes.count, size * size * channels)
    }
  }

  func testDifferentKeysRenderDifferentImages() {
    let base = SynthFaces.render(
      seed: 1, subject: 0, expression: .anger, index: 0, imageSize: 32, channels: 3)
    let variants = [
      SynthFaces.render(
        seed: 2, subject: 0, expression: .anger, index: 0, imageSize: 32, channels: 3),
      SynthFaces.render(
        seed: 1, subject: 1, expression: .anger, index: 0, imageSize: 32, channels: 3),
      SynthFaces.render(
        seed: 1, subject: 0, expression: .happiness, index: 0, imageSize: 32, channels: 3),
      SynthFaces.render(
        seed: 1, subject: 0, expression: .anger, index: 1, imageSize: 32, channels: 3),
    ]
    for variant in variants { XCTAssertNotEqual(base, variant) }
  }

  func testIndexingMatchesRender() {
    let faces = SynthFaces(
      seed: 4, subjectIds: [2, 9], imagesPerExpression: 3, imageSize: 32, channels: 1,
      expressions: .ouluCASIAWithNeutral)
    XCTAssertEqual(faces.count, 2 * 7 * 3)
    let index = (1 * 7 + 6) * 3 + 2
    XCTAssertEqual(faces.label(at: index), 6)
    XCTAssertEqual(faces.subject(at: index), 1)
    XCTAssertEqual(faces.subjectNames[1], "S0009")
    XCTAssertEqual(
      faces.image(at: index),
      SynthFaces.render(
        seed: 4, subject: 9, expression: .neutral, index: 2, imageSize: 32, channels: 1))
  }

  func testSplitSubjectsAreDisjointAndStable() {
    let small = SynthFaces.split(
      seed: 3, trainingSubjects: 5, testSubjects: 4, imagesPerExpression: 2)
    let large = SynthFaces.split(
      seed: 3, trainingSubjects: 9, testSubjects: 4, imagesPerExpression: 2)
    XCTAssertTrue(Set(small.training.subjectNames).isDisjoint(with: small.test.subjectNames))
    XCTAssertTrue(Set(large.training.subjectNames).isDisjoint(with: large.test.subjectNames))
    XCTAssertEqual(small.test.subjectIds, large.test.subjectIds)
    XCTAssertEqual(small.training.subjectIds.count, 5)
    XCTAssertEqual(small.test.image(at: 7), large.test.image(at: 7))
  }

  func testImagesUseTheIntensityRange() {
    // Faces must not be flat: every image has dark features (pupils) and light areas (eyes),
    // whatever its lighting.
    let faces = SynthFaces(seed: 8, subjectIds: Array(0..<4), imagesPerExpression: 2, imageSize: 64)
    for index in 0..<faces.count {
      let bytes = faces.image(at: index).bytes
      XCTAssertLessThan(bytes.min()!, 60)
      XCTAssertGreaterThan(Int(bytes.max()!) - Int(bytes.min()!), 120)
    }
  }

  func testPreviewGridHasOneTilePerSubjectAndExpression() throws {
    let folder = try TemporaryFolder()
    let faces = SynthFaces(seed: 5, subjectIds: Array(0..<6), imagesPerExpression: 1, imageSize: 64)
    let path = try folder.file("preview.png")
    try faces.writePreview(toFile: path, subjectLimit: 4)
    let decoded = try PixelImage(contentsOfFile: path)
    XCTAssertEqual(decoded.width, 6 * 66 + 2)
    XCTAssertEqual(decoded.height, 4 * 66 + 2)
    XCTAssertEqual(decoded, faces.previewGrid(subjectLimit: 4).image)
    // Setting FACEDATA_PREVIEW to a path keeps a larger sheet there for viewing.
    if let keep = ProcessInfo.processInfo.environment["FACEDATA_PREVIEW"] {
      let large = SynthFaces(
        seed: 5, subjectIds: Array(0..<8), imagesPerExpression: 2, imageSize: 128,
        expressions: .ouluCASIAWithNeutral)
      try large.writePreview(toFile: keep, subjectLimit: 8, imageNumber: 1)
    }
  }
}

final class ThroughputTests: XCTestCase {
  func testThroughputMeasurementRunsEveryPath() throws {
    let folder = try TemporaryFolder()
    let report = try ThroughputBenchmark.measure(directory: folder.path, fileCount: 8, seconds: 1)
    print(report)
    XCTAssertEqual(report.rates.count, 4)
    for rate in report.rates {
      XCTAssertGreaterThan(rate.images, 0)
      XCTAssertGreaterThanOrEqual(rate.seconds, 1)
      XCTAssertGreaterThan(rate.cpuSeconds, 0)
      XCTAssertLessThanOrEqual(rate.cpuSeconds, rate.seconds * 1.05)
    }
  }
}
