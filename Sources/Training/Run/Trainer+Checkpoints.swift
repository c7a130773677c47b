import Checkpointing
import FaceData
import Foundation
import Model

extension Trainer {
  /// The whole training state: every parameter, both Adam moments and the step count of each
  /// optimizer, the sampler's position, and the options.
  func trainingState() -> TrainingState {
    var tensors = model.namedParameters.map {
      NamedTensor(name: $0.name, shape: $0.tensor.shape, values: $0.tensor.values)
    }
    var scalars: [String: Int] = [:]
    for group in model.groups {
      let state = replica.optimizers[group.name]!.state
      var offset = 0
      for parameter in group.parameters {
        let range = offset..<(offset + parameter.tensor.count)
        for (moment, values) in [
          (AdamMoment.firstMoment, state.firstMoment), (.secondMoment, state.secondMoment),
        ] {
          tensors.append(
            NamedTensor(
              name: TrainingState.momentName(
                optimizer: group.name.rawValue, moment: moment, parameter: parameter.name),
              shape: parameter.tensor.shape, values: Array(values[range])))
        }
        offset = range.upperBound
      }
      scalars[TrainingState.stepCountName(optimizer: group.name.rawValue)] = state.step
    }
    return TrainingState(
      tensors: tensors, scalars: scalars, globalStep: globalStep, epoch: position.epoch,
      sampler: SamplerPosition(epoch: position.epoch, stepInEpoch: position.step),
      configuration: options.checkpointConfiguration)
  }

  /// Saves the state as a checkpoint of the run directory, keeping the newest `--keep`.
  /// A collective.
  func saveCheckpoint() throws {
    let start = job.communicator.wallTime()
    let saved = try Checkpoint.save(
      trainingState(), runDirectory: URL(fileURLWithPath: options.output),
      communicator: job.communicator, keep: options.keepCheckpoints)
    job.console.info(
      "checkpoint \(saved.directory.path) (\(saved.shardBytes >> 20) MiB) in "
        + String(format: "%.1f s", job.communicator.wallTime() - start))
    for warning in saved.warnings { job.console.warning(warning) }
  }

  /// Continues from the checkpoint `--resume` names (`auto`: the newest that verifies in the
  /// run directory; none there starts afresh). A collective.
  func resumeIfAsked() throws {
    guard !options.resume.isEmpty else { return }
    let source = CheckpointSource(
      argument: options.resume, runDirectory: URL(fileURLWithPath: options.output))
    let start = job.communicator.wallTime()
    guard let loaded = try Checkpoint.load(source, communicator: job.communicator) else {
      job.console.info("no checkpoint in \(options.output) yet; starting afresh")
      return
    }
    for skipped in loaded.skipped { job.console.warning(skipped) }
    let state = loaded.state
    let expected = trainingState()
    try CheckpointCompatibility.check(
      saved: state.signatures, savedConfiguration: Self.completed(state.configuration),
      expected: expected.signatures, currentConfiguration: expected.configuration,
      changeableKeys: RunFiles.steeringKeys)
    try restore(state)
    job.console.info(
      "resumed from \(loaded.directory.path) at step \(globalStep) (saved by"
        + " \(loaded.worldSizeAtSave) rank(s), now \(job.communicator.size)), loaded in "
        + String(format: "%.1f s", job.communicator.wallTime() - start))
  }

  /// A saved configuration with the options it lacks (options newer than the run that saved
  /// it) set to its preset's values, which is how that run behaved.
  static func completed(_ saved: [String: ConfigurationValue]) -> [String: ConfigurationValue] {
    var preset = TrainingPreset.demo
    if case .text(let name)? = saved["preset"], let named = TrainingPreset(rawValue: name) {
      preset = named
    }
    return saved.merging(preset.options.checkpointConfiguration) { saved, _ in saved }
  }

  private func restore(_ state: TrainingState) throws {
    try model.assign(state, source: "checkpoint")
    let values = Dictionary(uniqueKeysWithValues: state.tensors.map { ($0.name, $0.values) })
    for group in model.groups {
      let name = group.name.rawValue
      func moment(_ kind: AdamMoment) -> [Float] {
        group.parameters.flatMap {
          values[TrainingState.momentName(optimizer: name, moment: kind, parameter: $0.name)]!
        }
      }
      replica.restore(
        AdamState(
          firstMoment: moment(.firstMoment), secondMoment: moment(.secondMoment),
          step: state.scalars[TrainingState.stepCountName(optimizer: name)] ?? 0),
        of: group.name)
    }
    position = TrainingPosition(epoch: state.sampler.epoch, step: state.sampler.stepInEpoch)
    guard globalStep == state.globalStep else {
      throw UsageError(
        "the checkpoint's sampler position (epoch \(state.sampler.epoch), step"
          + " \(state.sampler.stepInEpoch)) does not match its step \(state.globalStep) at"
          + " \(stepsPerEpoch) steps per epoch; the data set or batch size differs")
    }
  }
}

extension TrainingOptions {
  /// The options as a checkpoint keeps them, typed.
  var checkpointConfiguration: [String: ConfigurationValue] {
    Dictionary(
      uniqueKeysWithValues: OptionTable.fields.map { field in
        let text = field.read(self)
        let value: ConfigurationValue
        if field.isText {
          value = .text(text)
        } else if let flag = Bool(text) {
          value = .boolean(flag)
        } else if let integer = Int(text) {
          value = .integer(integer)
        } else {
          value = .number(Double(text) ?? .nan)
        }
        return (field.key, value)
      })
  }
}

extension FESGANModel {
  /// Copies every parameter from `state`; throws naming the first one it lacks.
  func assign(_ state: TrainingState, source: String) throws {
    let values = Dictionary(uniqueKeysWithValues: state.tensors.map { ($0.name, $0.values) })
    for parameter in namedParameters {
      guard let saved = values[parameter.name], saved.count == parameter.tensor.count else {
        throw UsageError(
          "\(source) has no parameter \(parameter.name) of shape \(parameter.tensor.shape)")
      }
      parameter.tensor.withUnsafeMutableBufferPointer { _ = $0.initialize(from: saved) }
    }
  }
}

/// `step` zero-padded to 8 digits, as file names carry it, so that names sort by step.
func paddedStep(_ step: Int) -> String {
  let digits = String(step)
  return String(repeating: "0", count: max(0, 8 - digits.count)) + digits
}
