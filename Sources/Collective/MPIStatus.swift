import MPIShim

/// Throws `CollectiveError.mpi` with MPI's error text unless `status` is success.
///
/// Every shim call goes through here, so each failure carries the operation's name.
func checkMPI(_ status: Int32, _ operation: String) throws {
  guard status != MPISHIM_SUCCESS else { return }
  var text = [CChar](repeating: 0, count: 512)
  mpishim_error_string(status, &text, Int32(text.count))
  let message = String(
    decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
  throw CollectiveError.mpi(operation: operation, code: status, message: message)
}

/// The thread support levels of MPI, weakest first.
public enum MPIThreadLevel: Int32, Comparable, Sendable {
  /// Only one thread exists.
  case single = 0
  /// Many threads, but only the one that initialized MPI calls it.
  case funneled = 1
  /// Many threads call MPI, one at a time.
  case serialized = 2
  /// Many threads call MPI at once.
  case multiple = 3

  public static func < (lhs: MPIThreadLevel, rhs: MPIThreadLevel) -> Bool {
    lhs.rawValue < rhs.rawValue
  }
}
