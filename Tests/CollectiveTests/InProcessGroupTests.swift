import Collective
import XCTest

final class InProcessGroupTests: XCTestCase {
  func testEverySelfTestCheckPassesForOneToFiveRanks() throws {
    for size in 1...5 {
      let problems = try InProcessGroup.run(size: size) { communicator in
        CollectiveSelfTest(communicator: communicator).checks.compactMap { check in
          (try? check.run()).map { $0.map { "\(check.name): \($0)" } } ?? "\(check.name) threw"
        }
      }
      XCTAssertEqual(problems.flatMap { $0 }, [], "with \(size) ranks")
    }
  }

  func testAllReduceSumIsBitwiseIdenticalOnEveryRank() throws {
    // Values that do not add exactly: every rank must still see the same bits.
    let results = try InProcessGroup.run(size: 3) { communicator in
      var values = (0..<1000).map { _ in Float.random(in: -1...1) * Float(communicator.rank + 1) }
      try communicator.allReduce(&values, .sum)
      return values.map(\.bitPattern)
    }
    XCTAssertEqual(results[0], results[1])
    XCTAssertEqual(results[0], results[2])
  }

  func testRankFailureReleasesTheOthersInsteadOfHanging() {
    struct Broken: Error {}
    XCTAssertThrowsError(
      try InProcessGroup.run(size: 3) { communicator in
        if communicator.rank == 1 { throw Broken() }
        var values: [Float] = [1, 2, 3]
        try communicator.allReduce(&values, .sum)
      }
    ) { error in
      XCTAssertTrue(error is Broken, "the failing rank's own error is reported, got \(error)")
    }
  }

  func testBroadcastCopiesTheRootsBytes() throws {
    let results = try InProcessGroup.run(size: 4) { communicator in
      var values = [Float](repeating: Float(communicator.rank), count: 5)
      try communicator.broadcast(&values, root: 2)
      return values
    }
    XCTAssertEqual(results, Array(repeating: [2, 2, 2, 2, 2], count: 4))
  }
}
