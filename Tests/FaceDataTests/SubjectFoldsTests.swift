import FaceData
import XCTest

final class SubjectFoldsTests: XCTestCase {
  private let faces = SynthFaces(
    seed: 1, subjectIds: Array(0..<23), imagesPerExpression: 2, imageSize: 16, channels: 1)

  func testFoldsAreSubjectIndependentAndCoverEverySubjectOnce() throws {
    var testedSubjects: [Int] = []
    for fold in 0..<10 {
      let split = try SubjectFolds.split(faces, foldCount: 10, testFold: fold, seed: 5)
      let trainingSubjects = Set(split.training.map(faces.subject(at:)))
      let testSubjects = Set(split.test.map(faces.subject(at:)))
      XCTAssertTrue(trainingSubjects.isDisjoint(with: testSubjects))
      XCTAssertEqual(split.training.count + split.test.count, faces.count)
      XCTAssertTrue([2, 3].contains(testSubjects.count))
      testedSubjects += testSubjects
    }
    XCTAssertEqual(testedSubjects.sorted(), Array(0..<23))
  }

  func testSeedChangesAssignmentAndLimitKeepsFewerSubjects() throws {
    XCTAssertNotEqual(
      try SubjectFolds.assignment(subjectCount: 23, foldCount: 5, seed: 1),
      try SubjectFolds.assignment(subjectCount: 23, foldCount: 5, seed: 2))
    let full = try SubjectFolds.split(faces, foldCount: 5, testFold: 1, seed: 3)
    let limited = try SubjectFolds.split(
      faces, foldCount: 5, testFold: 1, seed: 3, trainingSubjectLimit: 4)
    XCTAssertEqual(limited.test, full.test)
    XCTAssertEqual(Set(limited.training.map(faces.subject(at:))).count, 4)
    XCTAssertTrue(Set(limited.training).isSubset(of: full.training))
  }

  func testInvalidFoldOptionsAreErrors() {
    XCTAssertThrowsError(try SubjectFolds.split(faces, foldCount: 5, testFold: 5, seed: 0)) {
      XCTAssertEqual(
        $0 as? FaceDataError, .invalidOption(name: "test fold", value: "5", expected: "0 to 4"))
    }
    XCTAssertThrowsError(try SubjectFolds.split(faces, foldCount: 1, testFold: 0, seed: 0)) {
      XCTAssertEqual(
        $0 as? FaceDataError, .invalidOption(name: "fold count", value: "1", expected: "at least 2")
      )
    }
    XCTAssertThrowsError(
      try SubjectFolds.split(faces, foldCount: 3, testFold: 0, seed: 0, trainingSubjectLimit: 0))
    XCTAssertThrowsError(
      try PreparedData.prepare(
        .synthetic(
          trainingSubjects: 0, testSubjects: 1, imagesPerExpression: 1, includeNeutral: false,
          cacheInMemory: false), imageSize: 32, channels: 3, seed: 0)
    ) {
      XCTAssertTrue("\($0)".hasPrefix("training subjects is 0: expected 1 to"))
    }
  }

  func testTooFewSubjects() {
    XCTAssertThrowsError(try SubjectFolds.assignment(subjectCount: 3, foldCount: 10, seed: 0)) {
      XCTAssertEqual($0 as? FaceDataError, .tooFewSubjects(found: 3, foldCount: 10))
    }
  }

  func testSubsetReadsThroughToItsBase() {
    let subset = FaceImageSubset(faces, indices: [5, 40, 7])
    XCTAssertEqual(subset.count, 3)
    XCTAssertEqual(subset.label(at: 1), faces.label(at: 40))
    XCTAssertEqual(subset.subject(at: 1), faces.subject(at: 40))
    XCTAssertEqual(subset.image(at: 2), faces.image(at: 7))
  }
}
