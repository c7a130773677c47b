#if canImport(Glibc)
  import Glibc
#endif

/// Entry point of the `disttrain` command: parses the subcommand and returns an exit status.
public enum DistTrainMain {
  public static func run(_ arguments: [String]) -> Int32 {
    print("usage: disttrain COMMAND [OPTIONS]")
    return 0
  }
}
