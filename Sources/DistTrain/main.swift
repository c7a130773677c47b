import CMalloc
import Glibc
import Training

// After each matrix product OpenBLAS's worker threads spin for about 2^28 cycles before they
// sleep (its default OPENBLAS_THREAD_TIMEOUT), holding cores that the work between products
// (Winograd transforms, unfolding, normalization, pooling) needs: at the paper setting on two
// cores, one rank with two threads ran an iteration in 6.0 instead of 7.7 seconds with the
// timeout at its minimum, 2^4 cycles. OpenBLAS reads the variable when it loads, before main,
// so the process starts itself again once with it set; a value the user set is kept.
if getenv("OPENBLAS_THREAD_TIMEOUT") == nil {
  setenv("OPENBLAS_THREAD_TIMEOUT", "4", 1)
  execv("/proc/self/exe", CommandLine.unsafeArgv)
  // Only reached when the restart failed: go on with OpenBLAS's default.
}

// Training allocates and frees the same large tensors every iteration. By default glibc maps
// blocks above its mmap threshold afresh and returns freed memory at the top of the heap to
// the kernel, so every iteration page-faults (and zeroes) gigabytes anew. Serving every block
// from the heap and never trimming it keeps those pages mapped for reuse; the peak resident
// size stays that of one iteration.
_ = mallopt(M_MMAP_MAX, 0)
_ = mallopt(M_TRIM_THRESHOLD, Int32.max)
_ = mallopt(M_TOP_PAD, 64 << 20)

exit(DistTrainMain.run(CommandLine.arguments))
