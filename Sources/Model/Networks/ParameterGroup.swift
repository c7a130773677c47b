/// The four sets of parameters that each have their own optimizer.
public enum ParameterGroupName: String, CaseIterable, Sendable {
  /// Encoder and decoder together.
  case generator
  /// The image critic.
  case imageCritic = "image_critic"
  /// The latent critic.
  case latentCritic = "latent_critic"
  /// The recognizer.
  case recognizer
}

/// The parameters one optimizer updates, in `state_dict` order, with a flat view of them.
///
/// The flat layout (the tensors concatenated in order) is the layout of gradient buffers that
/// are reduced across processes and of the optimizer's state.
public struct ParameterGroup {
  /// Which group this is.
  public let name: ParameterGroupName
  /// The parameters in `state_dict` order.
  public let parameters: [NamedParameter]

  /// A group of `parameters`.
  public init(name: ParameterGroupName, parameters: [NamedParameter]) {
    self.name = name
    self.parameters = parameters
  }

  /// The parameter tensors, in order.
  public var tensors: [Tensor] { parameters.map(\.tensor) }

  /// The total number of elements, the length of the flat layout.
  public var elementCount: Int { parameters.reduce(0) { $0 + $1.tensor.count } }

  /// The parameter values, flat.
  public func flattenedValues() -> [Float] { Self.flatten(tensors) }

  /// Overwrites the parameters from a flat buffer of `elementCount` values.
  public func assign(flattenedValues values: [Float]) {
    precondition(values.count == elementCount, "\(values.count) values for \(elementCount)")
    var offset = 0
    for tensor in tensors {
      tensor.withUnsafeMutableBufferPointer { destination in
        for index in destination.indices { destination[index] = values[offset + index] }
      }
      offset += tensor.count
    }
  }

  /// Concatenates tensors (the group's gradients, say) into one flat array.
  public static func flatten(_ tensors: [Tensor]) -> [Float] {
    var result: [Float] = []
    result.reserveCapacity(tensors.reduce(0) { $0 + $1.count })
    for tensor in tensors { tensor.withUnsafeBufferPointer { result.append(contentsOf: $0) } }
    return result
  }
}
