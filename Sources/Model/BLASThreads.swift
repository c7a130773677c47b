import COpenBLAS

/// The number of threads OpenBLAS uses for matrix products in this process.
///
/// OpenBLAS reads `OPENBLAS_NUM_THREADS` at start; this overrides it. Under `mpirun`, several
/// ranks share a node, so the launcher divides the cores among them to avoid oversubscription.
public enum BLASThreads {
  /// The current thread count.
  public static var count: Int { Int(openblas_get_num_threads()) }

  /// Sets the thread count; values below 1 are raised to 1.
  public static func set(_ count: Int) { openblas_set_num_threads(Int32(max(1, count))) }
}
