#if canImport(Glibc)
  import Glibc
#endif

/// Rank-aware output: results and progress from rank 0 on standard output; warnings and errors
/// from any rank on standard error, prefixed with the rank when there are several.
public struct Console: Sendable {
  /// This process's rank and the number of ranks.
  public let rank: Int
  public let size: Int

  public init(rank: Int, size: Int) {
    self.rank = rank
    self.size = size
  }

  /// Prints `line` on rank 0 only.
  public func info(_ line: String) {
    guard rank == 0 else { return }
    print(line)
    fflush(stdout)
  }

  /// Prints `line` on standard error, from whichever rank calls it.
  public func warning(_ line: String) { write("warning: \(line)") }

  /// Prints `line` as an error on standard error, from whichever rank calls it.
  public func error(_ line: String) { write("error: \(line)") }

  private func write(_ line: String) {
    let prefix = size > 1 ? "[rank \(rank)] " : ""
    fputs(prefix + line + "\n", stderr)
  }
}
