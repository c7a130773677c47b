import Checkpointing
import Foundation
import Model
import XCTest

/// An export of `all` must hold exactly the keys and shapes of the PyTorch reference's
/// `FESGAN(cfg, identity=...).state_dict()`, which is what `load_state_dict(strict=True)`
/// requires. The reference's fixtures store that state dict under `param.`.
final class ReferenceExportTests: XCTestCase {
  func testExportMatchesTheReferenceStateDictWithoutIdentity() throws {
    try checkExport(fixture: "fesgan_s64", identity: false)
  }

  func testExportMatchesTheReferenceStateDictWithIdentity() throws {
    try checkExport(fixture: "fesgan_s32", identity: true)
  }

  private func checkExport(fixture: String, identity: Bool) throws {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("../ModelTests/Fixtures/\(fixture).safetensors")
    let reference = try SafeTensorsFile(contentsOf: url)
    XCTAssertEqual(reference.metadata["identity"], identity ? "True" : "False")
    let parameters = try reference.names.filter { $0.hasPrefix("param.") }.map { key in
      NamedTensor(
        name: String(key.dropFirst("param.".count)), shape: try reference.shape(key),
        values: try reference.floats(key))
    }
    let moments = parameters.flatMap { parameter in
      AdamMoment.allCases.map { moment in
        NamedTensor(
          name: TrainingState.momentName(
            optimizer: "generator", moment: moment, parameter: parameter.name),
          shape: parameter.shape, values: parameter.values)
      }
    }
    let state = TrainingState(
      tensors: parameters + moments, scalars: ["optimizer.generator.step": 5], globalStep: 9,
      epoch: 0, sampler: SamplerPosition(epoch: 0, stepInEpoch: 9),
      configuration: ["image_size": .integer(Int(reference.metadata["image_size"]!)!)])
    let run = try TemporaryDirectory()
    let saved = try save(state, run: run.url, ranks: 2)
    let output = run.url.appendingPathComponent("model.safetensors")
    let summary = try CheckpointExport.export(
      directory: saved.directory, network: .all, to: output)
    XCTAssertEqual(summary.hasIdentity, identity)

    let exported = try SafeTensorsFile(contentsOf: output)
    XCTAssertEqual(Set(exported.names), Set(parameters.map(\.name)))
    for parameter in parameters {
      XCTAssertEqual(try exported.entry(parameter.name).dataType, .float32)
      XCTAssertEqual(try exported.shape(parameter.name), parameter.shape, parameter.name)
      XCTAssertEqual(try exported.floats(parameter.name), parameter.values, parameter.name)
    }
  }
}
