/// A contiguous float32 buffer owned by one or more tensors.
///
/// Tensors that only reinterpret a shape (reshape, detach) share a storage instead of copying
/// it. The buffer is freed when the last tensor that refers to it is released, so dropping a
/// computation graph frees every intermediate it kept.
public final class TensorStorage {
  /// The first element; valid for `count` elements while the storage is alive.
  public let pointer: UnsafeMutablePointer<Float>
  /// The number of elements.
  public let count: Int

  /// Allocates `count` elements without initializing them.
  init(uninitializedCount count: Int) {
    self.count = count
    pointer = UnsafeMutablePointer<Float>.allocate(capacity: max(1, count))
  }

  /// Allocates `count` elements, all equal to `value`.
  convenience init(count: Int, repeating value: Float) {
    self.init(uninitializedCount: count)
    pointer.initialize(repeating: value, count: count)
  }

  /// Allocates a copy of `values`.
  convenience init(copying values: [Float]) {
    self.init(uninitializedCount: values.count)
    values.withUnsafeBufferPointer { source in
      if let base = source.baseAddress { pointer.update(from: base, count: values.count) }
    }
  }

  deinit { pointer.deallocate() }
}
