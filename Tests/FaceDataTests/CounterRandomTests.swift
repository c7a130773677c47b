import FaceData
import XCTest

final class CounterRandomTests: XCTestCase {
  func testPhiloxMatchesPublishedVectors() {
    // Known-answer vectors of Philox4x32-10 from the Random123 distribution.
    let zero = CounterRandom.philox(counter: (0, 0, 0, 0), key: (0, 0))
    XCTAssertEqual(
      [zero.0, zero.1, zero.2, zero.3], [0x6627_e8d5, 0xe169_c58d, 0xbc57_ac4c, 0x9b00_dbd8])
    let ones = CounterRandom.philox(
      counter: (0xffff_ffff, 0xffff_ffff, 0xffff_ffff, 0xffff_ffff), key: (0xffff_ffff, 0xffff_ffff)
    )
    XCTAssertEqual(
      [ones.0, ones.1, ones.2, ones.3], [0x408f_276d, 0x41c8_3b0e, 0xa20b_c7c6, 0x6d54_51fd])
    let pi = CounterRandom.philox(
      counter: (0x243f_6a88, 0x85a3_08d3, 0x1319_8a2e, 0x0370_7344), key: (0xa409_3822, 0x299f_31d0)
    )
    XCTAssertEqual([pi.0, pi.1, pi.2, pi.3], [0xd16c_fe09, 0x94fd_cceb, 0x5001_e420, 0x2412_6ea1])
  }

  func testStreamsAreReproducibleAndIndependent() {
    func first(_ seed: UInt64, _ epoch: Int, _ index: Int, _ purpose: RandomPurpose) -> [UInt32] {
      var random = CounterRandom(seed: seed, epoch: epoch, sampleIndex: index, purpose: purpose)
      return (0..<6).map { _ in random.nextUInt32() }
    }
    XCTAssertEqual(first(1, 2, 3, .priorCode), first(1, 2, 3, .priorCode))
    let base = first(1, 2, 3, .priorCode)
    XCTAssertNotEqual(base, first(2, 2, 3, .priorCode))
    XCTAssertNotEqual(base, first(1, 3, 3, .priorCode))
    XCTAssertNotEqual(base, first(1, 2, 4, .priorCode))
    XCTAssertNotEqual(base, first(1, 2, 3, .penaltyAlpha))
    XCTAssertNotEqual(base, first(1, 2, 3 + (1 << 32), .priorCode))
  }

  func testUniformRangesAndRoughBalance() {
    var random = CounterRandom(seed: 7, epoch: 0, sampleIndex: 0, purpose: .augmentation)
    var counts = [Int](repeating: 0, count: 6)
    var sum: Float = 0
    for _ in 0..<60_000 {
      let unit = random.nextUnitFloat()
      XCTAssertTrue(unit >= 0 && unit < 1)
      let symmetric = random.nextSymmetricFloat()
      XCTAssertTrue(symmetric >= -1 && symmetric < 1)
      sum += symmetric
      counts[random.nextInt(below: 6)] += 1
    }
    XCTAssertEqual(sum / 60_000, 0, accuracy: 0.02)
    for count in counts { XCTAssertEqual(Double(count), 10_000, accuracy: 400) }
  }
}
