import Training
import XCTest

final class ArgumentsTests: XCTestCase {
  func testOptionsFlagsAndPositionals() throws {
    var arguments = Arguments(
      command: "disttrain bench", ["collectives", "--max-bytes=4096", "--quick", "--threads", "2"])
    XCTAssertEqual(arguments.positional(), "collectives")
    XCTAssertEqual(try arguments.integer("--max-bytes", minimum: 1024), 4096)
    XCTAssertEqual(try arguments.integer("--threads", minimum: 1), 2)
    XCTAssertTrue(arguments.flag("--quick"))
    XCTAssertNoThrow(try arguments.finish())
  }

  func testBadValuesAndLeftoversNameTheOption() {
    var arguments = Arguments(command: "disttrain bench", ["--max-bytes", "lots", "--colour"])
    XCTAssertThrowsError(try arguments.integer("--max-bytes")) {
      XCTAssertTrue("\($0)".contains("--max-bytes got 'lots', expected an integer"), "\($0)")
    }
    XCTAssertThrowsError(try arguments.finish()) {
      XCTAssertTrue("\($0)".contains("unknown argument '--colour'"), "\($0)")
    }
  }

  func testMissingValueIsAnError() {
    var arguments = Arguments(command: "disttrain selftest", ["--threads"])
    XCTAssertThrowsError(try arguments.integer("--threads")) {
      XCTAssertTrue("\($0)".contains("--threads needs a value"), "\($0)")
    }
  }
}
