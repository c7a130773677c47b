import Foundation
import Model
import XCTest

/// The whole model against the PyTorch reference: names, outputs, losses and gradients.
final class NetworkFixtureTests: XCTestCase {
  private func fixture(_ name: String) throws -> SafeTensorsFile {
    try SafeTensorsFile(
      contentsOf: try XCTUnwrap(
        Bundle.module.url(forResource: name, withExtension: "safetensors", subdirectory: "Fixtures")
      ))
  }

  func testConfigurationFromMetadata() throws {
    let small = try FESGANConfiguration(metadata: try fixture("fesgan_s32").metadata, source: "s32")
    XCTAssertEqual(small.imageSize, 32)
    XCTAssertEqual(small.channels, 3)
    XCTAssertEqual(small.classes, 6)
    XCTAssertEqual(small.latentSize, 16)
    XCTAssertEqual(small.width, 4)
    XCTAssertEqual(small.recognizerWidth, 0.25)
    XCTAssertTrue(small.usesIdentity)
    XCTAssertEqual(small.lambdaGradientPenalty, 10)
    let large = try FESGANConfiguration(metadata: try fixture("fesgan_s64").metadata, source: "s64")
    XCTAssertEqual(large.imageSize, 64)
    XCTAssertEqual(large.channels, 1)
    XCTAssertFalse(large.usesIdentity)
    XCTAssertEqual(large.lambdaIdentity, 0)
    XCTAssertEqual(try FESGANConfiguration(metadata: large.metadata, source: "round trip"), large)
    XCTAssertThrowsError(try FESGANConfiguration(metadata: ["image_size": "48"], source: "m")) {
      XCTAssertEqual($0 as? FESGANConfigurationError, .missingKey(source: "m", key: "channels"))
    }
    var bad = large.metadata
    bad["image_size"] = "48"
    XCTAssertThrowsError(try FESGANConfiguration(metadata: bad, source: "m"))
  }

  func testParameterNamesAreTheReferenceNames() throws {
    for name in ["fesgan_s32", "fesgan_s64"] {
      let file = try fixture(name)
      let model = FESGANModel(
        configuration: try FESGANConfiguration(metadata: file.metadata, source: name), seed: 1)
      let names = model.namedParameters.map(\.name)
      let expected = file.names.filter { $0.hasPrefix("param.") }.map { String($0.dropFirst(6)) }
      XCTAssertEqual(names.sorted(), expected.sorted(), name)
      XCTAssertEqual(Set(names).count, names.count, "names are unique")
      for group in model.groups {
        let gradientNames = file.names.filter { $0.hasPrefix("joint.grad.\(group.name.rawValue).") }
        XCTAssertEqual(
          group.parameters.map { "joint.grad.\(group.name.rawValue).\($0.name)" }.sorted(),
          gradientNames.sorted(), "\(name) \(group.name)")
      }
    }
    let model = FESGANModel(configuration: FESGANConfiguration(imageSize: 32, width: 4), seed: 1)
    let names = model.namedParameters.map(\.name)
    XCTAssertEqual(names.first, "encoder.blocks.0.conv.weight")
    XCTAssertTrue(names.contains("recognizer.trunk.group1.conv_a.filter.weight"))
    XCTAssertTrue(names.contains("recognizer.trunk.block2.1.conv2.filter.bias"))
    XCTAssertTrue(names.contains("identity.block4.3.conv1.filter.weight"))
    XCTAssertEqual(names.last, "identity.fc.filter.bias")
    XCTAssertLessThan(
      names.firstIndex(of: "recognizer.fc.2.bias")!,
      names.firstIndex(of: "identity.conv1.filter.weight")!)
  }

  func testInitializationDrawsWithinPyTorchBounds() {
    let model = FESGANModel(configuration: FESGANConfiguration(imageSize: 32, width: 4), seed: 3)
    for (name, layer) in model.layers {
      let bound = ParameterInitialization.bound(weightShape: layer.weight.shape)
      for tensor in [layer.weight, layer.bias] {
        XCTAssertTrue(tensor.values.allSatisfy { abs($0) <= bound }, name)
        XCTAssertTrue(tensor.values.contains { $0 != 0 }, name)
      }
    }
    let again = FESGANModel(configuration: FESGANConfiguration(imageSize: 32, width: 4), seed: 3)
    XCTAssertEqual(
      again.group(.generator).flattenedValues(), model.group(.generator).flattenedValues())
  }

  func testOnlyTheIdentityNetworkIsFrozen() {
    let model = FESGANModel(configuration: FESGANConfiguration(imageSize: 32, width: 4), seed: 4)
    for parameter in model.namedParameters {
      XCTAssertEqual(
        parameter.tensor.requiresGradient, !parameter.name.hasPrefix("identity."), parameter.name)
    }
    let image = Tensor(shape: [1, 1, 32, 32], repeating: 0.5)
    XCTAssertFalse(model.identity!(image).requiresGradient)
    let trainable = Tensor(shape: [1, 1, 32, 32], repeating: 0.5, requiresGradient: true)
    XCTAssertTrue(model.identity!(trainable).requiresGradient, "gradients still flow through F")
  }

  func testGroupFlatAccessRoundTrips() {
    let model = FESGANModel(configuration: FESGANConfiguration(imageSize: 32, width: 4), seed: 5)
    let group = model.group(.latentCritic)
    XCTAssertEqual(group.elementCount, 64 * 64 + 64 + 64 * 32 + 32 + 32 * 16 + 16 + 16 + 1)
    let values = (0..<group.elementCount).map { Float($0) }
    group.assign(flattenedValues: values)
    XCTAssertEqual(group.flattenedValues(), values)
    XCTAssertEqual(model.latentCritic.layers[0].weight.values[3], 3)
  }

  private func checkReference(_ name: String, file: StaticString = #filePath, line: UInt = #line)
    throws
  {
    let report = try ReferenceCheck.run(try fixture(name))
    XCTAssertEqual(report.unexpectedParameters, [], file: file, line: line)
    for group in report.groups {
      print(
        "\(name) \(group.group): \(group.count) tensors, largest error "
          + "\(group.largestError) (\(group.worstTensor))")
      XCTAssertLessThanOrEqual(
        group.largestError, group.tolerance, "\(name) \(group.group) \(group.worstTensor)",
        file: file, line: line)
    }
    let groups = Set(report.groups.map(\.group))
    for expected in [
      "out", "pretrain.loss", "joint.loss", "pretrain.grad.generator",
      "pretrain.grad.image_critic", "pretrain.grad.latent_critic", "joint.grad.recognizer",
    ] {
      XCTAssertTrue(groups.contains(expected), expected, file: file, line: line)
    }
    XCTAssertTrue(report.passed, file: file, line: line)
  }

  func testMatchesReferenceAtImageSize32WithIdentity() throws {
    try checkReference("fesgan_s32")
  }

  func testMatchesReferenceAtImageSize64Grayscale() throws {
    try checkReference("fesgan_s64")
  }

  func testPretrainedLightCNNLoadsIntoIdentityAndTrunkOnly() throws {
    let configuration = FESGANConfiguration(imageSize: 32, width: 4, recognizerWidth: 0.25)
    let source = FESGANModel(configuration: configuration, seed: 21)
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("lightcnn-\(UUID().uuidString).safetensors")
    defer { try? FileManager.default.removeItem(at: url) }
    let pretrained = { (name: String) in
      name.hasPrefix("identity.") || name.hasPrefix("recognizer.trunk.")
    }
    try SafeTensorsWriter.write(
      source.parameterTensors().filter { pretrained($0.name) }, to: url, synchronize: true)
    let model = FESGANModel(configuration: configuration, seed: 22)
    let untouched = model.group(.generator).flattenedValues()
    let loaded = try model.load(from: try SafeTensorsFile(contentsOf: url), including: pretrained)
    XCTAssertEqual(loaded, source.namedParameters.filter { pretrained($0.name) }.count)
    for (mine, theirs) in zip(model.namedParameters, source.namedParameters) {
      if pretrained(mine.name) {
        XCTAssertEqual(mine.tensor.values, theirs.tensor.values, mine.name)
      } else if mine.name.hasPrefix("recognizer.fc.") {
        XCTAssertNotEqual(mine.tensor.values, theirs.tensor.values, mine.name)
      }
    }
    XCTAssertEqual(model.group(.generator).flattenedValues(), untouched)
    XCTAssertThrowsError(try model.load(from: try SafeTensorsFile(contentsOf: url))) {
      XCTAssertEqual(
        $0 as? ModelLoadingError,
        .missingParameter(file: url.path, name: "encoder.blocks.0.conv.weight"))
    }
  }

  func testLoadingRejectsAMismatchedFile() throws {
    let file = try fixture("fesgan_s64")
    let model = FESGANModel(configuration: FESGANConfiguration(imageSize: 32, width: 4), seed: 1)
    XCTAssertThrowsError(try model.load(from: file, prefix: "param.")) {
      XCTAssertNotNil($0 as? ModelLoadingError)
    }
  }
}
