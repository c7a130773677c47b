import Foundation

/// A thread that runs blocking reductions one after another, so a reduction started during
/// backward proceeds while the training thread keeps computing.
///
/// Open MPI's non-blocking all-reduce runs a generic schedule that reaches about half the
/// bandwidth of its tuned blocking one, and it advances only while the caller polls. A worker
/// calling the blocking form gets both the full bandwidth and real overlap; it needs MPI's
/// `multiple` thread level, since the training thread may make other MPI calls meanwhile.
final class ReductionWorker: @unchecked Sendable {
  private let condition = NSCondition()
  private var queue: [(work: () throws -> Void, reduction: WorkerReduction)] = []
  private var stopping = false
  private var thread: Thread?

  init() {
    let thread = Thread { [unowned self] in self.serve() }
    thread.name = "all-reduce worker"
    self.thread = thread
    thread.start()
  }

  /// Queues `work`, a blocking reduction, behind the work already queued.
  func start(_ work: @escaping () throws -> Void) -> WorkerReduction {
    let reduction = WorkerReduction()
    condition.lock()
    queue.append((work, reduction))
    condition.signal()
    condition.unlock()
    return reduction
  }

  /// Finishes the queued reductions, then ends the thread.
  func stop() {
    condition.lock()
    stopping = true
    condition.signal()
    condition.unlock()
    while thread?.isFinished == false { usleep(100) }
    thread = nil
  }

  private func serve() {
    while true {
      condition.lock()
      while queue.isEmpty && !stopping { condition.wait() }
      if queue.isEmpty {
        condition.unlock()
        return
      }
      let next = queue.removeFirst()
      condition.unlock()
      let start = monotonicSeconds()
      do {
        try next.work()
        next.reduction.complete(with: nil, seconds: monotonicSeconds() - start)
      } catch {
        next.reduction.complete(with: error, seconds: monotonicSeconds() - start)
      }
    }
  }
}

/// A reduction queued on a `ReductionWorker`.
final class WorkerReduction: PendingReduction, @unchecked Sendable {
  private let condition = NSCondition()
  private var done = false
  private var failure: Error?
  private var duration = 0.0

  /// The time the worker spent in the reduction.
  var seconds: Double {
    condition.lock()
    defer { condition.unlock() }
    return duration
  }

  func complete(with error: Error?, seconds: Double) {
    condition.lock()
    done = true
    failure = error
    duration = seconds
    condition.broadcast()
    condition.unlock()
  }

  func test() throws -> Bool {
    condition.lock()
    defer { condition.unlock() }
    if let failure { throw failure }
    return done
  }

  func wait() throws {
    condition.lock()
    defer { condition.unlock() }
    while !done { condition.wait() }
    if let failure { throw failure }
  }
}
