/// A parameter file that does not fit the model.
public enum ModelLoadingError: Error, CustomStringConvertible, Equatable {
  /// `file` has no tensor for the parameter `name`.
  case missingParameter(file: String, name: String)
  /// The tensor for `name` in `file` has another shape than the model's parameter.
  case shapeMismatch(file: String, name: String, expected: [Int], found: [Int])
  /// The tensor for `name` in `file` holds a NaN or an infinity.
  case nonFiniteParameter(file: String, name: String)

  /// A message naming the file, the parameter and what to do.
  public var description: String {
    switch self {
    case .missingParameter(let file, let name):
      return "\(file): no tensor for parameter '\(name)'; the file was written for another "
        + "model configuration"
    case .shapeMismatch(let file, let name, let expected, let found):
      return "\(file): parameter '\(name)' has shape \(found), the model needs \(expected); "
        + "check image size, widths and classes"
    case .nonFiniteParameter(let file, let name):
      return "\(file): parameter '\(name)' holds NaN or infinite values; the run diverged "
        + "before it was saved, use an earlier file"
    }
  }
}

extension FESGANModel {
  /// Copies parameters from `file`, whose tensors are named `prefix + NAME`.
  ///
  /// - Parameters:
  ///   - prefix: prepended to every parameter name (`param.` in reference files, empty in
  ///     checkpoints).
  ///   - including: selects the parameters to load; every selected one must be present, with
  ///     the model's shape and finite values. `{ $0.hasPrefix("identity.") }` loads only the
  ///     pretrained identity network, for example.
  /// - Returns: the number of parameters loaded.
  @discardableResult
  public func load(
    from file: SafeTensorsFile, prefix: String = "", including: (String) -> Bool = { _ in true }
  ) throws -> Int {
    var loaded = 0
    for parameter in namedParameters where including(parameter.name) {
      let key = prefix + parameter.name
      guard file.contains(key) else {
        throw ModelLoadingError.missingParameter(file: file.path, name: key)
      }
      let shape = try file.shape(key)
      guard shape == parameter.tensor.shape else {
        throw ModelLoadingError.shapeMismatch(
          file: file.path, name: key, expected: parameter.tensor.shape, found: shape)
      }
      let values = try file.floats(key)
      guard values.allSatisfy(\.isFinite) else {
        throw ModelLoadingError.nonFiniteParameter(file: file.path, name: key)
      }
      parameter.tensor.withUnsafeMutableBufferPointer { destination in
        for index in destination.indices { destination[index] = values[index] }
      }
      loaded += 1
    }
    return loaded
  }

  /// Every parameter as a float32 tensor for `SafeTensorsWriter`, named `prefix + NAME`.
  public func parameterTensors(prefix: String = "") -> [SafeTensorsTensor] {
    namedParameters.map {
      SafeTensorsTensor(name: prefix + $0.name, shape: $0.tensor.shape, floats: $0.tensor.values)
    }
  }
}
