/// The error of one computed tensor against its reference value.
public struct ReferenceComparison: Sendable {
  /// The reference file's tensor name, such as `joint.grad.generator.encoder.fc.weight`.
  public let name: String
  /// The group the tensor is reported in, such as `out`, `pretrain.loss` or
  /// `joint.grad.image_critic`.
  public let group: String
  /// ||a - b|| / ||b|| (or ||a - b|| when b is zero); infinite when the result is NaN.
  public let error: Double
  /// The largest acceptable error.
  public let tolerance: Double

  /// Whether the error is within tolerance.
  public var passed: Bool { error <= tolerance }
}

/// The largest error within one group of compared tensors.
public struct ReferenceGroupSummary: Sendable {
  /// The group name.
  public let group: String
  /// How many tensors the group holds.
  public let count: Int
  /// The largest error in the group.
  public let largestError: Double
  /// The tensor with that error.
  public let worstTensor: String
  /// The group's tolerance.
  public let tolerance: Double

  /// Whether every tensor of the group is within tolerance.
  public var passed: Bool { largestError <= tolerance }
}

/// Everything a reference check found.
public struct ReferenceCheckReport: Sendable {
  /// The reference file.
  public let file: String
  /// Every comparison, in the order made.
  public let comparisons: [ReferenceComparison]
  /// `param.*` tensors of the file that name no parameter of the model.
  public let unexpectedParameters: [String]

  /// One summary per group, in the order the groups were first met.
  public var groups: [ReferenceGroupSummary] {
    var order: [String] = []
    var members: [String: [ReferenceComparison]] = [:]
    for comparison in comparisons {
      if members[comparison.group] == nil { order.append(comparison.group) }
      members[comparison.group, default: []].append(comparison)
    }
    return order.map { group in
      let list = members[group]!
      let worst = list.max { $0.error < $1.error }!
      return ReferenceGroupSummary(
        group: group, count: list.count, largestError: worst.error, worstTensor: worst.name,
        tolerance: worst.tolerance)
    }
  }

  /// Whether every tensor is within tolerance and the file names no unknown parameter.
  public var passed: Bool {
    unexpectedParameters.isEmpty && comparisons.allSatisfy(\.passed)
  }
}
