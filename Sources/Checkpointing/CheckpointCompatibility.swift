/// One way a checkpoint differs from the run resuming it.
public enum CheckpointDifference: Sendable, Equatable, CustomStringConvertible {
  /// The model has a tensor the checkpoint lacks.
  case missingTensor(name: String, shape: [Int])
  /// The checkpoint has a tensor the model lacks.
  case unexpectedTensor(name: String, shape: [Int])
  /// A tensor's shape differs.
  case shapeChanged(name: String, saved: [Int], expected: [Int])
  /// A setting that may not change on resume has another value now.
  case settingChanged(key: String, saved: ConfigurationValue, current: ConfigurationValue)
  /// A setting that may not change exists now but not in the checkpoint.
  case settingAdded(key: String, current: ConfigurationValue)
  /// A setting that may not change exists in the checkpoint but not now.
  case settingRemoved(key: String, saved: ConfigurationValue)

  /// What differs and what to do about it.
  public var description: String {
    switch self {
    case .missingTensor(let name, let shape):
      return "tensor '\(name)' \(shape) is in the model but not in the checkpoint; the"
        + " checkpoint was made by another model, start a new run or use a matching checkpoint"
    case .unexpectedTensor(let name, let shape):
      return "tensor '\(name)' \(shape) is in the checkpoint but not in the model; the"
        + " checkpoint was made by another model, start a new run or use a matching checkpoint"
    case .shapeChanged(let name, let saved, let expected):
      return "tensor '\(name)' is \(saved) in the checkpoint but \(expected) in the model;"
        + " restore the settings that shaped it or start a new run"
    case .settingChanged(let key, let saved, let current):
      return "\(key) is \(saved) in the checkpoint but \(current) now; \(key) cannot change on"
        + " resume, set it back to \(saved) or start a new run"
    case .settingAdded(let key, let current):
      return "\(key) is \(current) now but absent from the checkpoint; \(key) cannot change on"
        + " resume, remove it or start a new run"
    case .settingRemoved(let key, let saved):
      return "\(key) is \(saved) in the checkpoint but absent now; \(key) cannot change on"
        + " resume, set it to \(saved) or start a new run"
    }
  }
}

/// Whether a checkpoint fits the model and configuration of the run that resumes it.
///
/// The trainer decides which settings may change between runs (the number of epochs may, the
/// image size may not); everything else must match exactly, as must every tensor's name and
/// shape.
public enum CheckpointCompatibility {
  /// Every difference between a checkpoint (`saved`, `savedConfiguration`) and the current run
  /// (`expected`, `currentConfiguration`): tensors missing on either side or of another shape,
  /// in the order of `expected` then `saved`, then settings outside `changeableKeys` that
  /// differ, by key. Empty when the checkpoint fits.
  public static func differences(
    saved: [TensorSignature], savedConfiguration: [String: ConfigurationValue],
    expected: [TensorSignature], currentConfiguration: [String: ConfigurationValue],
    changeableKeys: Set<String>
  ) -> [CheckpointDifference] {
    tensorDifferences(saved: saved, expected: expected)
      + settingDifferences(
        saved: savedConfiguration, current: currentConfiguration, changeableKeys: changeableKeys)
  }

  /// Throws `CheckpointError.incompatible` listing every difference, if there is any.
  public static func check(
    saved: [TensorSignature], savedConfiguration: [String: ConfigurationValue],
    expected: [TensorSignature], currentConfiguration: [String: ConfigurationValue],
    changeableKeys: Set<String>
  ) throws {
    let found = differences(
      saved: saved, savedConfiguration: savedConfiguration, expected: expected,
      currentConfiguration: currentConfiguration, changeableKeys: changeableKeys)
    if !found.isEmpty { throw CheckpointError.incompatible(found) }
  }

  private static func tensorDifferences(saved: [TensorSignature], expected: [TensorSignature])
    -> [CheckpointDifference]
  {
    let savedShapes = Dictionary(saved.map { ($0.name, $0.shape) }, uniquingKeysWith: { a, _ in a })
    let expectedNames = Set(expected.map(\.name))
    var found: [CheckpointDifference] = []
    for tensor in expected {
      if let shape = savedShapes[tensor.name] {
        if shape != tensor.shape {
          found.append(.shapeChanged(name: tensor.name, saved: shape, expected: tensor.shape))
        }
      } else {
        found.append(.missingTensor(name: tensor.name, shape: tensor.shape))
      }
    }
    for tensor in saved where !expectedNames.contains(tensor.name) {
      found.append(.unexpectedTensor(name: tensor.name, shape: tensor.shape))
    }
    return found
  }

  private static func settingDifferences(
    saved: [String: ConfigurationValue], current: [String: ConfigurationValue],
    changeableKeys: Set<String>
  ) -> [CheckpointDifference] {
    let keys = Set(saved.keys).union(current.keys).subtracting(changeableKeys).sorted()
    return keys.compactMap { key in
      switch (saved[key], current[key]) {
      case (let old?, let new?):
        return old == new ? nil : .settingChanged(key: key, saved: old, current: new)
      case (nil, let new?): return .settingAdded(key: key, current: new)
      case (let old?, nil): return .settingRemoved(key: key, saved: old)
      case (nil, nil): return nil
      }
    }
  }
}

extension TrainingState {
  /// The differences between this (loaded) state and the current run; see
  /// `CheckpointCompatibility.differences`.
  public func differences(
    expected: [TensorSignature], currentConfiguration: [String: ConfigurationValue],
    changeableKeys: Set<String>
  ) -> [CheckpointDifference] {
    CheckpointCompatibility.differences(
      saved: signatures, savedConfiguration: configuration, expected: expected,
      currentConfiguration: currentConfiguration, changeableKeys: changeableKeys)
  }
}
