import Checkpointing
import XCTest

final class CompatibilityTests: XCTestCase {
  private let saved = SyntheticState.make(blocksPerNetwork: 1)

  func testMatchingRunHasNoDifferences() {
    var configuration = SyntheticState.configuration
    configuration["epochs"] = .integer(300)
    XCTAssertEqual(
      saved.differences(
        expected: saved.signatures, currentConfiguration: configuration,
        changeableKeys: ["epochs"]), [])
  }

  func testChangedSettingIsNamedWithBothValues() throws {
    var configuration = SyntheticState.configuration
    configuration["image_size"] = .integer(128)
    configuration["epochs"] = .integer(300)
    configuration["width"] = .integer(32)
    configuration.removeValue(forKey: "data_directory")
    let differences = saved.differences(
      expected: saved.signatures, currentConfiguration: configuration,
      changeableKeys: ["epochs"])
    XCTAssertEqual(
      differences,
      [
        .settingRemoved(key: "data_directory", saved: .text("data/oulu")),
        .settingChanged(key: "image_size", saved: .integer(64), current: .integer(128)),
        .settingAdded(key: "width", current: .integer(32)),
      ])
    XCTAssertEqual(
      differences[1].description,
      "image_size is 64 in the checkpoint but 128 now; image_size cannot change on resume,"
        + " set it back to 64 or start a new run")
  }

  func testTensorDifferencesAreListedInModelOrder() {
    var expected = saved.signatures.filter { $0.name != "decoder.fc.bias" }
    expected[0] = TensorSignature(name: expected[0].name, shape: [99])
    expected.append(TensorSignature(name: "identity.fc.weight", shape: [2, 2]))
    let differences = saved.differences(
      expected: expected, currentConfiguration: SyntheticState.configuration,
      changeableKeys: [])
    XCTAssertEqual(
      differences,
      [
        .shapeChanged(name: saved.tensors[0].name, saved: saved.tensors[0].shape, expected: [99]),
        .missingTensor(name: "identity.fc.weight", shape: [2, 2]),
        .unexpectedTensor(name: "decoder.fc.bias", shape: []),
      ])
    XCTAssertThrowsError(
      try CheckpointCompatibility.check(
        saved: saved.signatures, savedConfiguration: saved.configuration, expected: expected,
        currentConfiguration: SyntheticState.configuration, changeableKeys: [])
    ) { error in
      XCTAssertTrue("\(error)".contains("identity.fc.weight"))
    }
  }

  func testWholeRealNumbersEqualIntegers() {
    XCTAssertEqual(ConfigurationValue.number(10), .integer(10))
    XCTAssertNotEqual(ConfigurationValue.number(10.5), .integer(10))
    XCTAssertNotEqual(ConfigurationValue.text("10"), .integer(10))
  }
}
