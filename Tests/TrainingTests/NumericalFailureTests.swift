import Collective
import Model
import Training
import XCTest

final class NumericalFailureTests: XCTestCase {
  /// A NaN in one rank's image critic stops every rank in the image critic phase of step 0,
  /// without any rank hanging and before any optimizer step spreads it.
  func testNonFiniteLossOnOneRankStopsEveryRankNamingThePhase() throws {
    let options = DistributedEquivalenceTests.options()
    let data = try TrainingDataSets.load(options)
    let outcomes = try InProcessGroup.run(size: 2) { communicator -> String in
      let trainer = try Trainer(options: options, job: Job(communicator: communicator), data: data)
      if communicator.rank == 1 {
        let weight = trainer.model.namedParameters.first { $0.name == "image_critic.adv.weight" }!
        weight.tensor.withUnsafeMutableBufferPointer { $0[0] = .nan }
      }
      do {
        try trainer.runSteps(1)
        return "no failure"
      } catch let failure as NumericalFailure {
        let latent = trainer.model.namedParameters.first {
          $0.name == "latent_critic.layers.0.weight"
        }!
        return
          "\(failure.phase.rawValue) \(failure.step) \(latent.tensor.values.allSatisfy(\.isFinite))"
      }
    }
    XCTAssertEqual(outcomes, ["image_critic 0 true", "image_critic 0 true"])
  }
}
