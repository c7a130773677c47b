import Collective
import XCTest

final class WorldCommunicatorTests: XCTestCase {
  func testLaunchDetectionReadsTheLaunchersVariables() {
    XCTAssertFalse(WorldCommunicator.isLaunchedByMPI(environment: ["HOME": "/root"]))
    XCTAssertTrue(WorldCommunicator.isLaunchedByMPI(environment: ["OMPI_COMM_WORLD_SIZE": "2"]))
    XCTAssertTrue(WorldCommunicator.isLaunchedByMPI(environment: ["PMI_RANK": "0"]))
  }

  func testSingleProcessLeavesDataAsItIs() throws {
    let communicator = SingleProcessCommunicator()
    var values: [Float] = [1, 2, 3]
    try communicator.allReduce(&values, .mean)
    XCTAssertEqual(values, [1, 2, 3])
    XCTAssertEqual(try communicator.allGather([7, 8]), [[7, 8]])
    XCTAssertTrue(try communicator.allAgree(true))
    XCTAssertFalse(try communicator.allAgree(false))
  }
}
