import Checkpointing
import Collective
import Foundation
import Training
import XCTest

/// A run stopped at a checkpoint and resumed ends where an uninterrupted run ends: bitwise at
/// the same world size, within reduction noise at another.
final class ResumeTests: XCTestCase {
  var directories: [String] = []

  override func tearDown() {
    for directory in directories { try? FileManager.default.removeItem(atPath: directory) }
  }

  func temporaryDirectory() -> String {
    let path = NSTemporaryDirectory() + "disttrain-resume-\(UUID().uuidString)"
    directories.append(path)
    return path
  }

  /// Trains to `maxSteps` on `ranks` in-process ranks, resuming from `directory`'s newest
  /// checkpoint when `resume` is set, and returns the parameters of the final checkpoint.
  func train(ranks: Int, maxSteps: Int, directory: String, resume: Bool, data: TrainingDataSets)
    throws -> [String: [Float]]
  {
    var options = DistributedEquivalenceTests.options()
    options.maxSteps = maxSteps
    options.output = directory
    options.evaluateEvery = 0
    options.checkpointEvery = 0
    options.resume = resume ? "auto" : ""
    _ = try InProcessGroup.run(size: ranks) { communicator in
      try Trainer(options: options, job: Job(communicator: communicator), data: data).train()
    }
    let loaded = try Checkpoint.loadNewest(
      runDirectory: URL(fileURLWithPath: directory), communicator: SingleProcessCommunicator())
    XCTAssertEqual(loaded?.state.globalStep, maxSteps)
    return Dictionary(
      uniqueKeysWithValues: (loaded?.state.tensors ?? []).map { ($0.name, $0.values) })
  }

  /// Steps 0-1 before the stop (mid-epoch), steps 2-5 after it, crossing into stage 2 at 3.
  func testResumeMidEpochAcrossTheStageBoundaryIsBitwiseExact() throws {
    let data = try TrainingDataSets.load(DistributedEquivalenceTests.options())
    for ranks in [1, 2] {
      let whole = try train(
        ranks: ranks, maxSteps: 6, directory: temporaryDirectory(), resume: false, data: data)
      let directory = temporaryDirectory()
      _ = try train(ranks: ranks, maxSteps: 2, directory: directory, resume: false, data: data)
      let resumed = try train(
        ranks: ranks, maxSteps: 6, directory: directory, resume: true, data: data)
      XCTAssertEqual(whole.count, resumed.count)
      for (name, values) in whole {
        XCTAssertEqual(
          values.map(\.bitPattern), resumed[name]?.map(\.bitPattern), "\(ranks) ranks: \(name)")
      }
    }
  }

  func testResumeAtAnotherWorldSizeContinuesTheSameComputation() throws {
    let data = try TrainingDataSets.load(DistributedEquivalenceTests.options())
    let whole = try train(
      ranks: 1, maxSteps: 6, directory: temporaryDirectory(), resume: false, data: data)
    for (before, after) in [(2, 1), (1, 4), (4, 2)] {
      let directory = temporaryDirectory()
      _ = try train(ranks: before, maxSteps: 2, directory: directory, resume: false, data: data)
      let resumed = try train(
        ranks: after, maxSteps: 6, directory: directory, resume: true, data: data)
      // Only reduction order differs, so the whole model stays within the noise the
      // equivalence test allows after as many steps.
      var difference = 0.0
      var norm = 0.0
      for (name, values) in whole where !name.hasPrefix(TrainingState.optimizerPrefix) {
        for (a, b) in zip(values, resumed[name] ?? []) {
          difference += Double(a - b) * Double(a - b)
          norm += Double(a) * Double(a)
        }
      }
      let error = (difference / norm).squareRoot()
      XCTAssertLessThan(error, 2e-3, "\(before) -> \(after) ranks")
    }
  }

  /// A checkpoint saved before an option existed resumes: the run behaved as the option's
  /// preset value does.
  func testCheckpointWithoutANewerOptionStillResumes() throws {
    let data = try TrainingDataSets.load(DistributedEquivalenceTests.options())
    let directory = temporaryDirectory()
    _ = try train(ranks: 1, maxSteps: 2, directory: directory, resume: false, data: data)
    let run = URL(fileURLWithPath: directory)
    let local = SingleProcessCommunicator()
    var state = try XCTUnwrap(Checkpoint.loadNewest(runDirectory: run, communicator: local)).state
    state.configuration["recognizer-weights"] = nil
    _ = try Checkpoint.save(state, runDirectory: run, communicator: local)
    let resumed = try train(ranks: 1, maxSteps: 3, directory: directory, resume: true, data: data)
    XCTAssertFalse(resumed.isEmpty)
  }
}
