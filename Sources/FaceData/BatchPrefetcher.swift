import Foundation

/// Assembles batches on a background thread ahead of the training step.
///
/// The thread walks positions from `start` (inclusive) to `end` (exclusive, or forever),
/// keeping at most `capacity` finished batches queued; `next()` hands them out in order. The
/// batches are exactly those `assembler.batch(at:)` returns. Call `stop()` (or release the
/// prefetcher) to end the thread; it finishes the batch in progress and exits.
public final class BatchPrefetcher: @unchecked Sendable {
  private let queue: BatchQueue

  /// Starts the background thread.
  ///
  /// - Parameters:
  ///   - start: the first position to assemble, for example where a checkpoint left off.
  ///   - end: the position after the last batch; nil runs until stopped.
  ///   - capacity: the number of batches kept ready (at least 1).
  public init(
    assembler: BatchAssembler, start: TrainingPosition, end: TrainingPosition? = nil,
    capacity: Int = 2
  ) {
    precondition(capacity >= 1, "the prefetch queue holds at least one batch")
    precondition(start.step < assembler.sampler.stepsPerEpoch, "start step beyond the epoch")
    let queue = BatchQueue(capacity: capacity)
    self.queue = queue
    // The thread holds the queue, not the prefetcher, so releasing the prefetcher stops it.
    let thread = Thread {
      queue.produce(assembler: assembler, start: start, end: end)
    }
    thread.name = "BatchPrefetcher"
    thread.start()
  }

  deinit {
    queue.stop()
  }

  /// The next batch in position order, waiting for it if needed; nil after `end` or `stop()`.
  public func next() -> TrainingBatch? {
    queue.take()
  }

  /// Stops the thread and waits for it to exit; later calls do nothing.
  public func stop() {
    queue.stop()
  }
}

/// The bounded queue between the assembling thread and the consumer.
private final class BatchQueue: @unchecked Sendable {
  private let condition = NSCondition()
  private var batches: [TrainingBatch] = []
  private var stopped = false
  private var finished = false
  private let capacity: Int
  private let exited = DispatchSemaphore(value: 0)

  init(capacity: Int) {
    self.capacity = capacity
  }

  func take() -> TrainingBatch? {
    condition.lock()
    defer { condition.unlock() }
    while batches.isEmpty && !finished && !stopped { condition.wait() }
    guard !batches.isEmpty, !stopped else { return nil }
    let batch = batches.removeFirst()
    condition.broadcast()
    return batch
  }

  func stop() {
    condition.lock()
    let alreadyStopped = stopped
    stopped = true
    condition.broadcast()
    condition.unlock()
    if !alreadyStopped { exited.wait() }
  }

  /// The thread's body: assemble, wait for room, enqueue, until the end or a stop.
  func produce(assembler: BatchAssembler, start: TrainingPosition, end: TrainingPosition?) {
    defer { exited.signal() }
    let stepsPerEpoch = assembler.sampler.stepsPerEpoch
    var position = start
    var permutationEpoch = -1
    var permutation: [Int] = []
    while end.map({ position < $0 }) ?? true {
      if permutationEpoch != position.epoch {
        permutation = assembler.sampler.permutation(epoch: position.epoch)
        permutationEpoch = position.epoch
      }
      let batch = assembler.batch(at: position, permutation: permutation)
      condition.lock()
      while batches.count >= capacity && !stopped { condition.wait() }
      if stopped {
        condition.unlock()
        return
      }
      batches.append(batch)
      condition.broadcast()
      condition.unlock()
      position = position.advanced(stepsPerEpoch: stepsPerEpoch)
    }
    condition.lock()
    finished = true
    condition.broadcast()
    condition.unlock()
  }
}
