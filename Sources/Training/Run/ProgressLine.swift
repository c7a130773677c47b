import Collective

#if canImport(Glibc)
  import Glibc
#endif

/// Rank 0's progress: one line redrawn in place on a terminal, plain lines in a log file.
struct ProgressLine {
  /// Whether standard output is a terminal, where redrawing one line reads best. Under mpirun
  /// every rank writes to a pseudo-terminal even when mpirun's own output goes to a file, so
  /// ranks of a job print plain lines.
  let redraws = isatty(STDOUT_FILENO) != 0 && !WorldCommunicator.isLaunchedByMPI()
  private var drawn = false

  /// Shows `text` as the current progress.
  mutating func show(_ text: String) {
    if redraws {
      print("\r\u{1B}[2K" + text, terminator: "")
      drawn = true
    } else {
      print(text)
    }
    fflush(stdout)
  }

  /// Ends a redrawn line, so that the next output starts on a line of its own.
  mutating func finishLine() {
    guard drawn else { return }
    print("")
    drawn = false
  }
}

/// `seconds` as h:mm:ss or m:ss.
func formatDuration(_ seconds: Double) -> String {
  guard seconds.isFinite && seconds >= 0 else { return "-" }
  let total = Int(seconds.rounded())
  let (hours, minutes, rest) = (total / 3600, total / 60 % 60, total % 60)
  let mmss =
    (minutes < 10 && hours > 0 ? "0" : "") + "\(minutes):" + (rest < 10 ? "0" : "") + "\(rest)"
  return hours > 0 ? "\(hours):\(mmss)" : mmss
}
