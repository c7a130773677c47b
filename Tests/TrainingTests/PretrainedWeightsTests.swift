import Collective
import Foundation
import Model
import Training
import XCTest

final class PretrainedWeightsTests: XCTestCase {
  /// `--recognizer-weights` starts the recognizer's trunk, and only the trunk, from the file.
  func testRecognizerTrunkStartsFromTheWeightsFile() throws {
    var options = DistributedEquivalenceTests.options()
    let donor = FESGANModel(
      configuration: options.modelConfiguration(classes: 6), seed: 99)
    let path = NSTemporaryDirectory() + "lightcnn-\(UUID().uuidString).safetensors"
    defer { try? FileManager.default.removeItem(atPath: path) }
    try SafeTensorsWriter.write(donor.parameterTensors(), to: URL(fileURLWithPath: path))
    options.recognizerWeights = path
    let data = try TrainingDataSets.load(options)
    let trainer = try Trainer(
      options: options, job: Job(communicator: SingleProcessCommunicator()), data: data)
    let expected = Dictionary(
      uniqueKeysWithValues: donor.namedParameters.map { ($0.name, $0.tensor.values) })
    for parameter in trainer.model.namedParameters {
      let fromFile = parameter.tensor.values == expected[parameter.name]
      XCTAssertEqual(fromFile, parameter.name.hasPrefix("recognizer.trunk."), parameter.name)
    }
  }
}
