import FaceData
import XCTest

final class BatchAssemblyTests: XCTestCase {
  private let faces = SynthFaces(
    seed: 2, subjectIds: Array(0..<4), imagesPerExpression: 2, imageSize: 16, channels: 3)

  private func assembler(worldSize: Int, rank: Int, globalBatch: Int = 8) throws -> BatchAssembler {
    let sampler = try DistributedSampler(
      sampleCount: faces.count, globalBatchSize: globalBatch, worldSize: worldSize, rank: rank,
      seed: 21)
    return try BatchAssembler(source: faces, sampler: sampler, seed: 33, latentDimension: 8)
  }

  /// Every row of every batch of one epoch, keyed by sample index.
  private func rows(worldSize: Int, epoch: Int) throws -> [Int: [Float]] {
    var result: [Int: [Float]] = [:]
    for rank in 0..<worldSize {
      let assembler = try assembler(worldSize: worldSize, rank: rank)
      for step in 0..<assembler.sampler.stepsPerEpoch {
        let batch = assembler.batch(at: TrainingPosition(epoch: epoch, step: step))
        for (row, sample) in batch.sampleIndices.enumerated() {
          result[sample] = describe(batch, row: row)
        }
      }
    }
    return result
  }

  /// All of a row's inputs as one float vector.
  private func describe(_ batch: TrainingBatch, row: Int) -> [Float] {
    let image = (row * batch.floatsPerImage)..<((row + 1) * batch.floatsPerImage)
    let code = (row * batch.latentDimension)..<((row + 1) * batch.latentDimension)
    let labels = [
      batch.labels[row], batch.targetExpressions[row], batch.priorExpressions[row],
      batch.sameClassIndices[row], batch.priorImageIndices[row],
    ]
    return labels.map(Float.init) + [batch.penaltyWeights[row]] + Array(batch.priorCodes[code])
      + Array(batch.images[image]) + Array(batch.sameClassImages[image])
      + Array(batch.priorImages[image])
  }

  func testDrawsDoNotDependOnWorldSize() throws {
    let single = try rows(worldSize: 1, epoch: 1)
    XCTAssertEqual(single.count, faces.count)
    XCTAssertEqual(try rows(worldSize: 2, epoch: 1), single)
    XCTAssertEqual(try rows(worldSize: 4, epoch: 1), single)
    XCTAssertNotEqual(try rows(worldSize: 1, epoch: 2), single)
  }

  func testBatchContentsFollowTheMethod() throws {
    let assembler = try assembler(worldSize: 2, rank: 1)
    let batch = assembler.batch(at: TrainingPosition(epoch: 0, step: 2))
    XCTAssertEqual(batch.batchSize, 4)
    XCTAssertEqual(batch.images.count, 4 * 3 * 16 * 16)
    XCTAssertEqual(batch.priorCodes.count, 4 * 8)
    XCTAssertTrue(batch.priorCodes.allSatisfy { $0 >= -1 && $0 <= 1 })
    XCTAssertTrue(batch.penaltyWeights.allSatisfy { $0 >= 0 && $0 <= 1 })
    XCTAssertTrue(batch.images.allSatisfy { $0 >= -1 && $0 <= 1 })
    for row in 0..<4 {
      let sample = batch.sampleIndices[row]
      XCTAssertEqual(batch.labels[row], faces.label(at: sample))
      XCTAssertNotEqual(batch.sameClassIndices[row], sample)
      XCTAssertEqual(faces.label(at: batch.sameClassIndices[row]), batch.labels[row])
      XCTAssertEqual(faces.label(at: batch.priorImageIndices[row]), batch.priorExpressions[row])
      XCTAssertTrue((0..<6).contains(batch.targetExpressions[row]))
      var expected = [Float](repeating: 0, count: batch.floatsPerImage)
      expected.withUnsafeMutableBufferPointer {
        faces.writeImage(at: sample, into: $0.baseAddress!)
      }
      let start = row * batch.floatsPerImage
      XCTAssertEqual(Array(batch.images[start..<(start + batch.floatsPerImage)]), expected)
    }
  }

  func testTargetExpressionsCoverEveryClass() throws {
    let assembler = try assembler(worldSize: 1, rank: 0)
    var targets = Set<Int>()
    var priors = Set<Int>()
    for epoch in 0..<3 {
      for sample in 0..<faces.count {
        let draws = assembler.draws(epoch: epoch, sampleIndex: sample)
        targets.insert(draws.targetExpression)
        priors.insert(draws.priorExpression)
      }
    }
    XCTAssertEqual(targets, Set(0..<6))
    XCTAssertEqual(priors, Set(0..<6))
  }

  func testResumeMidEpochYieldsTheSameRemainingBatches() throws {
    let assembler = try assembler(worldSize: 2, rank: 0)
    let steps = assembler.sampler.stepsPerEpoch
    var position = TrainingPosition(epoch: 0, step: 0)
    var full: [TrainingPosition: [Float]] = [:]
    while position < TrainingPosition(epoch: 2, step: 0) {
      full[position] = describe(assembler.batch(at: position), row: 0)
      position = position.advanced(stepsPerEpoch: steps)
    }
    let resumeAt = TrainingPosition(epoch: 1, step: 2)
    let resumed = BatchPrefetcher(
      assembler: try self.assembler(worldSize: 2, rank: 0), start: resumeAt,
      end: TrainingPosition(epoch: 2, step: 0))
    position = resumeAt
    while let batch = resumed.next() {
      XCTAssertEqual(batch.position, position)
      XCTAssertEqual(describe(batch, row: 0), full[position])
      position = position.advanced(stepsPerEpoch: steps)
    }
    XCTAssertEqual(position, TrainingPosition(epoch: 2, step: 0))
  }

  func testPrefetcherMatchesDirectAssemblyAndStops() throws {
    let assembler = try assembler(worldSize: 1, rank: 0)
    let prefetcher = BatchPrefetcher(
      assembler: assembler, start: TrainingPosition(epoch: 0, step: 0), capacity: 3)
    var position = TrainingPosition(epoch: 0, step: 0)
    for _ in 0..<(2 * assembler.sampler.stepsPerEpoch + 1) {
      guard let batch = prefetcher.next() else { return XCTFail("prefetcher ended early") }
      let direct = assembler.batch(at: position)
      XCTAssertEqual(batch.sampleIndices, direct.sampleIndices)
      XCTAssertEqual(batch.images, direct.images)
      XCTAssertEqual(batch.priorImages, direct.priorImages)
      XCTAssertEqual(batch.priorCodes, direct.priorCodes)
      position = position.advanced(stepsPerEpoch: assembler.sampler.stepsPerEpoch)
    }
    prefetcher.stop()
    XCTAssertNil(prefetcher.next())
    prefetcher.stop()
  }

  func testReleasingARunningPrefetcherEndsIt() throws {
    weak var released: BatchPrefetcher?
    do {
      let prefetcher = BatchPrefetcher(
        assembler: try assembler(worldSize: 1, rank: 0), start: TrainingPosition(epoch: 0, step: 0),
        capacity: 1)
      XCTAssertNotNil(prefetcher.next())
      released = prefetcher
    }
    XCTAssertNil(released)
  }

  func testClassWithoutImagesIsRejected() throws {
    let angerOnly = FaceImageSubset(faces, indices: faces.indicesByLabel()[0])
    let sampler = try DistributedSampler(
      sampleCount: angerOnly.count, globalBatchSize: 4, worldSize: 1, rank: 0, seed: 0)
    XCTAssertThrowsError(try BatchAssembler(source: angerOnly, sampler: sampler, seed: 0)) {
      XCTAssertEqual($0 as? FaceDataError, .classWithoutTrainingImages(className: "Disgust"))
    }
  }
}
