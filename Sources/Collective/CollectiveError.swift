/// What can go wrong in a collective operation.
public enum CollectiveError: Error, CustomStringConvertible, Equatable {
  /// MPI returned `code` from `operation`; `message` is MPI's own text for it.
  case mpi(operation: String, code: Int32, message: String)
  /// The ranks do not hold the same parameters; the message names the first difference.
  case layoutMismatch(String)
  /// Another rank of an in-process group failed, so this rank's collective cannot complete.
  case peerFailed(rank: Int)
  /// A caller passed an argument the operation cannot take.
  case invalidArgument(String)

  public var description: String {
    switch self {
    case .mpi(let operation, let code, let message):
      return "\(operation) failed with MPI error \(code): \(message)"
    case .layoutMismatch(let message):
      return "ranks disagree on the model: \(message); every rank must build the same model"
        + " from the same configuration"
    case .peerFailed(let rank):
      return "rank \(rank) of the in-process group failed, so the collective was abandoned"
    case .invalidArgument(let message):
      return message
    }
  }
}
