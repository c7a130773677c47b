import Checkpointing
import Foundation
import Model
import XCTest

final class ExportTests: XCTestCase {
  func testExportsParametersOnlyUnderTheirNames() throws {
    let run = try TemporaryDirectory()
    let state = SyntheticState.make(blocksPerNetwork: 3)
    let saved = try save(state, run: run.url, ranks: 3)
    let parameters = state.tensors.filter { TrainingState.isParameter($0.name) }

    for network in ExportedNetwork.allCases {
      let output = run.url.appendingPathComponent("\(network.rawValue).safetensors")
      let summary = try CheckpointExport.export(
        directory: saved.directory, network: network, to: output)
      let expected = parameters.filter { network.includes($0.name) }
      let file = try SafeTensorsFile(contentsOf: output)
      XCTAssertEqual(summary.tensorCount, expected.count, network.rawValue)
      XCTAssertEqual(Set(file.names), Set(expected.map(\.name)), network.rawValue)
      XCTAssertFalse(summary.hasIdentity)
      for tensor in expected {
        let values = try file.floats(tensor.name)
        XCTAssertEqual(try file.shape(tensor.name), tensor.shape)
        XCTAssertTrue(values.elementsEqual(tensor.values) { $0.bitPattern == $1.bitPattern })
      }
      XCTAssertEqual(file.metadata["global_step"], "1200")
    }
    let all = try SafeTensorsFile(
      contentsOf: run.url.appendingPathComponent("all.safetensors"))
    XCTAssertEqual(all.names.count, parameters.count)
    XCTAssertFalse(all.names.contains { $0.hasPrefix("optimizer.") })
  }

  func testGeneratorIsEncoderAndDecoder() {
    XCTAssertTrue(ExportedNetwork.generator.includes("encoder.blocks.0.conv.weight"))
    XCTAssertTrue(ExportedNetwork.generator.includes("decoder.top.bias"))
    XCTAssertFalse(ExportedNetwork.generator.includes("image_critic.adv.weight"))
    XCTAssertFalse(
      ExportedNetwork.all.includes("optimizer.generator.exp_avg.encoder.fc.weight"))
    XCTAssertFalse(ExportedNetwork.recognizer.includes("recognizer_extra.weight"))
  }

  func testExportRefusesACorruptCheckpoint() throws {
    let run = try TemporaryDirectory()
    let saved = try save(SyntheticState.make(blocksPerNetwork: 1), run: run.url, ranks: 1)
    let shard = saved.directory.appendingPathComponent("shard-00000-of-00001.safetensors")
    var data = try Data(contentsOf: shard)
    data[data.count - 1] ^= 1
    try data.write(to: shard)
    let output = run.url.appendingPathComponent("model.safetensors")
    XCTAssertThrowsError(
      try CheckpointExport.export(directory: saved.directory, network: .all, to: output)
    ) { error in
      guard case CheckpointError.checksumMismatch = error else { return XCTFail("\(error)") }
    }
    XCTAssertFalse(FileManager.default.fileExists(atPath: output.path))
  }
}
