import Foundation
import Model
import XCTest

/// Reading, writing and rejecting safetensors files.
final class SafeTensorsTests: XCTestCase {
  private var directory: URL!

  override func setUpWithError() throws {
    directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("safetensors-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws {
    try FileManager.default.removeItem(at: directory)
  }

  /// A file of `header` (JSON text) followed by `dataBytes` bytes of data buffer.
  private func raw(header: String, dataBytes: Int = 0) -> Data {
    var length = UInt64(header.utf8.count).littleEndian
    var data = Data(bytes: &length, count: 8)
    data.append(Data(header.utf8))
    data.append(Data(count: dataBytes))
    return data
  }

  private func assertRejects(
    _ data: Data, with expected: SafeTensorsError, file: StaticString = #filePath,
    line: UInt = #line
  ) {
    XCTAssertThrowsError(try SafeTensorsFile(data: data, name: "case"), file: file, line: line) {
      XCTAssertEqual($0 as? SafeTensorsError, expected, file: file, line: line)
    }
  }

  func testRoundTripKeepsNamesShapesValuesAndMetadata() throws {
    let url = directory.appendingPathComponent("round.safetensors")
    let weights: [Float] = (0..<24).map { Float($0) * 0.37 - 3 }
    let exact: [Double] = [1.0 / 3.0, -2e-300, .pi]
    try SafeTensorsWriter.write(
      [
        SafeTensorsTensor(
          name: "encoder.blocks.0.conv.weight", shape: [2, 3, 2, 2], floats: weights),
        SafeTensorsTensor(name: "step", shape: [], floats: [7]),
        SafeTensorsTensor(name: "empty", shape: [0, 4], floats: []),
        SafeTensorsTensor(name: "precise", shape: [3], doubles: exact),
      ], metadata: ["image_size": "64", "note": "quote \" and \\ and \n"], to: url,
      synchronize: true)
    for mapped in [true, false] {
      let file = try SafeTensorsFile(contentsOf: url, mapped: mapped)
      XCTAssertEqual(file.names, ["encoder.blocks.0.conv.weight", "step", "empty", "precise"])
      XCTAssertEqual(try file.shape("encoder.blocks.0.conv.weight"), [2, 3, 2, 2])
      XCTAssertEqual(try file.floats("encoder.blocks.0.conv.weight"), weights)
      XCTAssertEqual(try file.shape("step"), [])
      XCTAssertEqual(try file.floats("step"), [7])
      XCTAssertEqual(try file.floats("empty"), [])
      XCTAssertEqual(try file.doubles("precise"), exact)
      XCTAssertEqual(try file.entry("precise").dataType, .float64)
      XCTAssertEqual(file.metadata, ["image_size": "64", "note": "quote \" and \\ and \n"])
    }
    let header = try Data(contentsOf: url)
    let length = header.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
    XCTAssertEqual(length % 8, 0, "the header is padded so the data buffer starts aligned")
  }

  func testWriterRejectsBadNamesDuplicatesAndCounts() {
    let url = directory.appendingPathComponent("bad.safetensors")
    XCTAssertThrowsError(
      try SafeTensorsWriter.write(
        [SafeTensorsTensor(name: "../x", shape: [1], floats: [1])], to: url))
    XCTAssertThrowsError(
      try SafeTensorsWriter.write(
        [
          SafeTensorsTensor(name: "a", shape: [1], floats: [1]),
          SafeTensorsTensor(name: "a", shape: [1], floats: [2]),
        ], to: url)
    ) { XCTAssertEqual($0 as? SafeTensorsError, .duplicateName(file: url.path, tensor: "a")) }
    XCTAssertThrowsError(
      try SafeTensorsWriter.write(
        [SafeTensorsTensor(name: "a", shape: [2, 2], floats: [1])], to: url)
    ) {
      XCTAssertEqual(
        $0 as? SafeTensorsError, .valueCountMismatch(tensor: "a", shape: [2, 2], count: 1))
    }
  }

  func testNameRule() {
    for good in ["encoder.blocks.0.conv.weight", "recognizer.fc.2.bias", "param.a-b_c"] {
      XCTAssertNoThrow(try SafeTensorsName.validate(good), good)
    }
    for bad in ["", "a/b", "a\\b", "..", "a..b", ".a", "a.", "__metadata__", "a b", "a\u{0}b", "é"]
    {
      XCTAssertThrowsError(try SafeTensorsName.validate(bad), bad)
    }
    XCTAssertThrowsError(try SafeTensorsName.validate(String(repeating: "a", count: 1025)))
  }

  func testReadsSharedFixtures() throws {
    let url = try XCTUnwrap(
      Bundle.module.url(
        forResource: "layers", withExtension: "safetensors", subdirectory: "Fixtures"))
    let layers = try SafeTensorsFile(contentsOf: url)
    XCTAssertEqual(try layers.shape("conv2d_k4s2p1.weight"), [5, 3, 4, 4])
    XCTAssertEqual(try layers.shape("conv_transpose2d_k4s2p1_h5.weight"), [4, 6, 4, 4])
    XCTAssertEqual(try layers.entry("linear.y").dataType, .float64)
    let x = try layers.doubles("linear.x")
    XCTAssertEqual(x.count, 15)
    XCTAssertEqual(try layers.floats("linear.x"), x.map(Float.init), "inputs are float32 values")
    XCTAssertThrowsError(try layers.floats("no.such.tensor")) {
      XCTAssertEqual(
        $0 as? SafeTensorsError, .missingTensor(file: url.path, tensor: "no.such.tensor"))
    }

    let model = try SafeTensorsFile(
      contentsOf: try XCTUnwrap(
        Bundle.module.url(
          forResource: "fesgan_s32", withExtension: "safetensors", subdirectory: "Fixtures")))
    XCTAssertEqual(model.metadata["image_size"], "32")
    XCTAssertEqual(try model.shape("param.encoder.blocks.0.conv.weight"), [4, 3, 4, 4])
    XCTAssertTrue(model.contains("pretrain.loss.generator"))
  }

  func testTruncatedFiles() {
    assertRejects(Data(), with: .truncated(file: "case", size: 0))
    assertRejects(Data([1, 0, 0]), with: .truncated(file: "case", size: 3))
    var full = raw(header: #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, dataBytes: 8)
    full.removeLast(3)
    assertRejects(
      full, with: .offsetsOutOfRange(file: "case", tensor: "a", begin: 0, end: 8, bufferSize: 5))
  }

  func testHeaderLengthBeyondFileOrLimit() {
    var data = raw(header: "{}")
    data.replaceSubrange(0..<8, with: [200, 0, 0, 0, 0, 0, 0, 0])
    assertRejects(data, with: .headerBeyondFile(file: "case", headerLength: 200, fileSize: 10))
    data.replaceSubrange(0..<8, with: [0, 0, 0, 0, 0, 0, 0, 0x80])
    assertRejects(
      data,
      with: .headerTooLarge(file: "case", headerLength: 1 << 63, limit: SafeTensorsFile.headerLimit)
    )
  }

  func testBadJSON() {
    assertRejects(
      raw(header: "{\"a\":"), with: .malformedHeader(file: "case", reason: "not valid JSON"))
    assertRejects(
      raw(header: "[1,2]"), with: .malformedHeader(file: "case", reason: "not a JSON object"))
    assertRejects(
      raw(header: #"{"__metadata__":{"k":1}}"#),
      with: .malformedHeader(
        file: "case", reason: "__metadata__ is not a map of strings to strings"))
    let entryCases: [(String, String)] = [
      (#"{"a":3}"#, "entry is not an object"),
      (#"{"a":{"shape":[1],"data_offsets":[0,4]}}"#, "dtype is missing"),
      (
        #"{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}"#,
        "shape is not a list of non-negative integers"
      ),
      (
        #"{"a":{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}}"#,
        "shape is not a list of non-negative integers"
      ),
      (
        #"{"a":{"dtype":"F32","shape":[true],"data_offsets":[0,4]}}"#,
        "shape is not a list of non-negative integers"
      ),
      (
        #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0]}}"#,
        "data_offsets is not a pair of integers"
      ),
    ]
    for (header, reason) in entryCases {
      assertRejects(
        raw(header: header, dataBytes: 4),
        with: .malformedEntry(file: "case", tensor: "a", reason: reason))
    }
    assertRejects(
      raw(header: #"{"a":{"dtype":"F8","shape":[1],"data_offsets":[0,1]}}"#, dataBytes: 1),
      with: .unknownDataType(file: "case", tensor: "a", dataType: "F8"))
  }

  func testOffsetsOutOfRangeAndOverlap() {
    assertRejects(
      raw(header: #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}"#, dataBytes: 8),
      with: .offsetsOutOfRange(file: "case", tensor: "a", begin: 8, end: 12, bufferSize: 8))
    assertRejects(
      raw(header: #"{"a":{"dtype":"F32","shape":[0],"data_offsets":[4,0]}}"#, dataBytes: 8),
      with: .offsetsOutOfRange(file: "case", tensor: "a", begin: 4, end: 0, bufferSize: 8))
    assertRejects(
      raw(
        header:
          #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#,
        dataBytes: 8),
      with: .overlappingTensors(file: "case", first: "a", second: "b"))
  }

  func testSizeMismatchAndHugeShapes() {
    assertRejects(
      raw(header: #"{"a":{"dtype":"F64","shape":[2],"data_offsets":[0,8]}}"#, dataBytes: 8),
      with: .sizeMismatch(file: "case", tensor: "a", expectedBytes: 16, actualBytes: 8))
    let huge = 1 << 40
    assertRejects(
      raw(
        header: "{\"a\":{\"dtype\":\"F32\",\"shape\":[\(huge),\(huge)],\"data_offsets\":[0,4]}}",
        dataBytes: 4),
      with: .shapeOverflow(file: "case", tensor: "a", shape: [huge, huge]))
    assertRejects(
      raw(
        header: "{\"a\":{\"dtype\":\"F64\",\"shape\":[\(1 << 61)],\"data_offsets\":[0,4]}}",
        dataBytes: 4),
      with: .shapeOverflow(file: "case", tensor: "a", shape: [1 << 61]))
    assertRejects(
      raw(
        header: "{\"a\":{\"dtype\":\"F32\",\"shape\":[\(huge)],\"data_offsets\":[0,4]}}",
        dataBytes: 4),
      with: .sizeMismatch(file: "case", tensor: "a", expectedBytes: huge * 4, actualBytes: 4))
    assertRejects(
      raw(
        header: #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,99999999999999999999]}}"#,
        dataBytes: 4),
      with: .malformedEntry(
        file: "case", tensor: "a", reason: "data_offsets is not a pair of integers"))
  }

  func testUnsupportedTypeIsValidatedButNotConverted() throws {
    let file = try SafeTensorsFile(
      data: raw(header: #"{"a":{"dtype":"BF16","shape":[2],"data_offsets":[0,4]}}"#, dataBytes: 4),
      name: "case")
    XCTAssertEqual(try file.shape("a"), [2])
    XCTAssertThrowsError(try file.floats("a")) {
      XCTAssertEqual(
        $0 as? SafeTensorsError, .unsupportedDataType(file: "case", tensor: "a", dataType: "BF16"))
    }
  }

  func testMessagesNameTheFileAndTheTensor() {
    let errors: [SafeTensorsError] = [
      .truncated(file: "model.safetensors", size: 3),
      .headerBeyondFile(file: "model.safetensors", headerLength: 99, fileSize: 20),
      .offsetsOutOfRange(
        file: "model.safetensors", tensor: "w", begin: 0, end: 8, bufferSize: 4),
      .sizeMismatch(file: "model.safetensors", tensor: "w", expectedBytes: 8, actualBytes: 4),
      .missingTensor(file: "model.safetensors", tensor: "w"),
    ]
    for error in errors {
      XCTAssertTrue(error.description.hasPrefix("model.safetensors: "), error.description)
    }
    XCTAssertTrue(errors[2].description.contains("'w'"))
  }

  func testUnreadableFile() {
    let url = directory.appendingPathComponent("missing.safetensors")
    XCTAssertThrowsError(try SafeTensorsFile(contentsOf: url)) {
      guard case .unreadable(let file, _)? = $0 as? SafeTensorsError else {
        return XCTFail("expected unreadable, got \($0)")
      }
      XCTAssertEqual(file, url.path)
    }
  }
}
