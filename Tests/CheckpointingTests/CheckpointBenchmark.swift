import Checkpointing
import Collective
import Foundation
import XCTest

/// Save and load times of a state the size of the paper setting (image size 128, width 64):
/// 40.6 M parameters in four networks plus both Adam moments, 3 x 162 MB. Skipped unless
/// `CHECKPOINT_BENCHMARK=1` is set, since it writes and reads about a gigabyte:
///
///     CHECKPOINT_BENCHMARK=1 swift test -c release --disable-swift-testing \
///       --filter CheckpointBenchmark
final class CheckpointBenchmark: XCTestCase {
  func testSaveAndLoadAtPaperScale() throws {
    try XCTSkipUnless(
      ProcessInfo.processInfo.environment["CHECKPOINT_BENCHMARK"] == "1",
      "set CHECKPOINT_BENCHMARK=1 to measure")
    let state = paperScaleState()
    let bytes = state.tensors.reduce(0) { $0 + $1.byteCount }
    print(
      "state: \(state.tensors.count) tensors, "
        + String(format: "%.1f MB", Double(bytes) / 1e6))
    for ranks in [1, 2] {
      let run = try TemporaryDirectory()
      let saveStart = Date()
      let saved = try save(state, run: run.url, ranks: ranks)
      let saveSeconds = Date().timeIntervalSince(saveStart)
      let loadStart = Date()
      let loaded = try load(saved.directory, ranks: ranks)
      let loadSeconds = Date().timeIntervalSince(loadStart)
      let verifyStart = Date()
      let problems = try CheckpointInspection.verify(directory: saved.directory)
        .compactMap(\.problem)
      let verifySeconds = Date().timeIntervalSince(verifyStart)
      XCTAssertEqual(problems, [])
      XCTAssertTrue(loaded.allSatisfy { $0.state == state })
      print(
        String(
          format: "%d rank(s): save %.2f s (%.0f MB/s), load %.2f s, verify %.2f s, %.1f MB",
          ranks, saveSeconds, Double(saved.shardBytes) / 1e6 / saveSeconds, loadSeconds,
          verifySeconds, Double(saved.shardBytes) / 1e6))
    }
  }

  /// Convolution weights and biases of the four networks at image size 128 and width 64 (the
  /// recognizer's layers approximated by plain convolutions of LightCNN-29's widths), each with
  /// both Adam moments.
  private func paperScaleState() -> TrainingState {
    let networks: [(name: String, channels: [Int], kernel: Int)] = [
      ("encoder", [3, 64, 128, 256, 512, 1024], 4),
      ("decoder", [72, 1024, 512, 256, 128, 64, 3], 4),
      ("image_critic", [3, 64, 128, 256, 512, 1024, 7], 4),
      ("recognizer", [1, 96, 192, 384, 256, 256, 512, 512], 3),
    ]
    var generator = SplitMix(state: 11)
    var parameters: [NamedTensor] = []
    for network in networks {
      for (layer, (input, output)) in zip(network.channels, network.channels.dropFirst())
        .enumerated()
      {
        let prefix = "\(network.name).blocks.\(layer).conv"
        let shape = [output, input, network.kernel, network.kernel]
        parameters.append(random("\(prefix).weight", shape, &generator))
        parameters.append(random("\(prefix).bias", [output], &generator))
      }
    }
    let moments = AdamMoment.allCases.flatMap { moment in
      parameters.map { parameter in
        NamedTensor(
          name: TrainingState.momentName(
            optimizer: "generator", moment: moment, parameter: parameter.name),
          shape: parameter.shape, values: parameter.values.map { $0 * 0.5 })
      }
    }
    return TrainingState(
      tensors: parameters + moments, scalars: ["optimizer.generator.step": 1],
      globalStep: 1, epoch: 0, sampler: SamplerPosition(epoch: 0, stepInEpoch: 1),
      configuration: SyntheticState.configuration)
  }

  private func random(_ name: String, _ shape: [Int], _ generator: inout SplitMix)
    -> NamedTensor
  {
    let values = (0..<shape.reduce(1, *)).map { _ in
      Float(Int32(truncatingIfNeeded: generator.next() >> 32)) * 0x1p-40
    }
    return NamedTensor(name: name, shape: shape, values: values)
  }
}
