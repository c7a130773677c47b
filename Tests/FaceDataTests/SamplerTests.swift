import FaceData
import XCTest

final class SamplerTests: XCTestCase {
  func testEverySampleOncePerEpochAcrossRanks() throws {
    for worldSize in 1...5 {
      let samplers = try (0..<worldSize).map {
        try DistributedSampler(
          sampleCount: 120, globalBatchSize: 60, worldSize: worldSize, rank: $0, seed: 9)
      }
      for epoch in 0..<2 {
        var seen: [Int] = []
        for step in 0..<samplers[0].stepsPerEpoch {
          for sampler in samplers { seen += sampler.localBatch(epoch: epoch, step: step) }
        }
        XCTAssertEqual(seen.sorted(), Array(0..<120), "world size \(worldSize)")
      }
    }
  }

  func testPartialGlobalBatchIsDropped() throws {
    let sampler = try DistributedSampler(
      sampleCount: 130, globalBatchSize: 60, worldSize: 3, rank: 2, seed: 1)
    XCTAssertEqual(sampler.stepsPerEpoch, 2)
    XCTAssertEqual(sampler.localBatchSize, 20)
    let visited = (0..<2).flatMap { sampler.globalBatch(epoch: 0, step: $0) }
    XCTAssertEqual(Set(visited).count, 120)
    XCTAssertEqual(Array(sampler.permutation(epoch: 0).prefix(120)), visited)
    XCTAssertNotEqual(sampler.permutation(epoch: 0), sampler.permutation(epoch: 1))
  }

  func testGlobalBatchesDoNotDependOnWorldSize() throws {
    let reference = try DistributedSampler(
      sampleCount: 100, globalBatchSize: 12, worldSize: 1, rank: 0, seed: 4)
    for worldSize in [2, 3, 4, 6] {
      let samplers = try (0..<worldSize).map {
        try DistributedSampler(
          sampleCount: 100, globalBatchSize: 12, worldSize: worldSize, rank: $0, seed: 4)
      }
      for step in 0..<reference.stepsPerEpoch {
        let joined = samplers.flatMap { $0.localBatch(epoch: 3, step: step) }
        XCTAssertEqual(joined, reference.localBatch(epoch: 3, step: step))
      }
    }
  }

  func testIndivisibleBatchAndTooFewSamples() {
    XCTAssertThrowsError(
      try DistributedSampler(sampleCount: 100, globalBatchSize: 10, worldSize: 4, rank: 0, seed: 0)
    ) {
      XCTAssertEqual($0 as? FaceDataError, .batchNotDivisible(globalBatchSize: 10, worldSize: 4))
      XCTAssertTrue("\($0)".contains("multiple of the number of ranks"))
    }
    XCTAssertThrowsError(
      try DistributedSampler(sampleCount: 5, globalBatchSize: 8, worldSize: 2, rank: 1, seed: 0)
    ) {
      XCTAssertEqual($0 as? FaceDataError, .tooFewSamples(sampleCount: 5, globalBatchSize: 8))
    }
  }

  func testPositionsAdvanceAcrossEpochs() {
    let position = TrainingPosition(epoch: 2, step: 4)
    XCTAssertEqual(position.advanced(stepsPerEpoch: 6), TrainingPosition(epoch: 2, step: 5))
    XCTAssertEqual(position.advanced(stepsPerEpoch: 5), TrainingPosition(epoch: 3, step: 0))
    XCTAssertLessThan(position, TrainingPosition(epoch: 3, step: 0))
  }
}
