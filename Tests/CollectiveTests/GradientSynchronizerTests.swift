import Collective
import XCTest

final class GradientSynchronizerTests: XCTestCase {
  let layout = (0..<12).map { ParameterLayout(name: "p\($0)", shape: [$0 + 1, 100]) }

  func testBucketsCoverEveryParameterOnceAndRespectCapacities() {
    let buckets = GradientBuckets(parameters: layout, capacityBytes: 2000, firstCapacityBytes: 800)
    let slots = buckets.buckets.flatMap { $0 }
    XCTAssertEqual(slots.map(\.parameter).sorted(), Array(layout.indices))
    XCTAssertEqual(slots.first?.parameter, layout.count - 1, "the last parameter goes first")
    for (index, bucket) in buckets.buckets.enumerated() {
      let capacity = (index == 0 ? 800 : 2000) / 4
      let count = bucket.reduce(0) { $0 + $1.count }
      XCTAssertTrue(count <= capacity || bucket.count == 1, "bucket \(index) holds \(count)")
      let offsets = bucket.indices.map { slot in bucket[..<slot].reduce(0) { $0 + $1.count } }
      XCTAssertEqual(bucket.map(\.offset), offsets)
    }
  }

  func testBucketAssignmentDependsOnlyOnTheLayout() {
    let first = GradientBuckets(parameters: layout, capacityBytes: 4096, firstCapacityBytes: 1024)
    let second = GradientBuckets(parameters: layout, capacityBytes: 4096, firstCapacityBytes: 1024)
    XCTAssertEqual(first.buckets, second.buckets)
  }

  func testSynchronizeAveragesAcrossRanks() throws {
    let layout = self.layout
    let results = try InProcessGroup.run(size: 4) { communicator in
      let synchronizer = try GradientSynchronizer(
        communicator: communicator, layout: layout, capacityBytes: 3000, firstCapacityBytes: 500)
      let buffers = layout.map { parameter in
        let buffer = UnsafeMutableBufferPointer<Float>.allocate(capacity: parameter.count)
        buffer.initialize(repeating: Float(communicator.rank))
        return buffer
      }
      defer { buffers.forEach { $0.deallocate() } }
      try synchronizer.synchronize(buffers)
      return buffers.flatMap { Array($0) }
    }
    for result in results { XCTAssertTrue(result.allSatisfy { $0 == 1.5 }) }
  }

  func testMismatchedShapeFailsOnEveryRankNamingTheParameter() throws {
    let layout = self.layout
    let errors = try InProcessGroup.run(size: 3) { communicator -> String in
      var own = layout
      if communicator.rank == 2 { own[5].shape = [6, 99] }
      do {
        _ = try GradientSynchronizer(communicator: communicator, layout: own)
        return "no error"
      } catch {
        return "\(error)"
      }
    }
    for message in errors {
      XCTAssertTrue(message.contains("p5 [6, 100] on rank 0 but p5 [6, 99] on rank 2"), message)
    }
  }

  func testMissingParameterIsReported() throws {
    let layout = self.layout
    let errors = try InProcessGroup.run(size: 2) { communicator -> String in
      let own = communicator.rank == 1 ? Array(layout.dropLast()) : layout
      do {
        _ = try GradientSynchronizer(communicator: communicator, layout: own)
        return "no error"
      } catch {
        return "\(error)"
      }
    }
    for message in errors {
      XCTAssertTrue(message.contains("p11 [12, 100] on rank 0 but nothing on rank 1"), message)
    }
  }
}
