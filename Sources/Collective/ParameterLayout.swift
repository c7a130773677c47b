/// The name and shape of one parameter: what ranks must agree on before exchanging gradients.
public struct ParameterLayout: Equatable, Sendable, CustomStringConvertible {
  /// The parameter's dotted name, such as `encoder.blocks.0.conv.weight`.
  public var name: String
  /// The parameter's dimensions, outermost first.
  public var shape: [Int]

  public init(name: String, shape: [Int]) {
    self.name = name
    self.shape = shape
  }

  /// The number of elements.
  public var count: Int { shape.reduce(1, *) }

  public var description: String { "\(name) \(shape)" }
}

/// Checks that every rank holds the same parameters, in the same order, with the same shapes.
///
/// A collective: every rank calls it with its own list. On a difference every rank throws the
/// same `CollectiveError.layoutMismatch` naming the first differing parameter, so all ranks
/// stop together instead of hanging in a reduction of mismatched sizes.
public func verifyIdenticalLayouts(
  _ parameters: [ParameterLayout], on communicator: any Communicator
) throws {
  let own = parameters.map(\.description).joined(separator: "\n")
  let everyone = try communicator.allGather(Array(own.utf8)).map {
    String(decoding: $0, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
  }
  let reference = everyone[0]
  for (rank, lines) in everyone.enumerated().dropFirst() where lines != reference {
    let common = min(reference.count, lines.count)
    let index = (0..<common).first { reference[$0] != lines[$0] } ?? common
    let expected = index < reference.count ? String(reference[index]) : "nothing"
    let found = index < lines.count ? String(lines[index]) : "nothing"
    throw CollectiveError.layoutMismatch(
      "parameter \(index) is \(expected) on rank 0 but \(found) on rank \(rank)"
        + " (\(reference.count) parameters on rank 0, \(lines.count) on rank \(rank))")
  }
}
