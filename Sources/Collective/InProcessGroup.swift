import Foundation

/// N ranks as threads of one process, so multi-rank logic is tested without `mpirun`.
///
/// Every rank gets an `InProcessCommunicator`; collectives meet at a shared rendezvous and sum
/// in rank order, so all ranks see bitwise the same result. If one rank's body throws, the
/// others' pending and later collectives throw `CollectiveError.peerFailed` instead of hanging.
public enum InProcessGroup {
  /// Runs `body` once per rank, each on its own thread, and returns the results in rank order.
  /// Rethrows the error of the lowest failing rank that did not fail only because of a peer.
  public static func run<Result>(
    size: Int, _ body: @escaping (InProcessCommunicator) throws -> Result
  ) throws -> [Result] {
    precondition(size >= 1, "a group needs at least one rank")
    let rendezvous = Rendezvous(size: size)
    let outcomes = Outcomes<Result>(size: size)
    let finished = DispatchGroup()
    for rank in 0..<size {
      finished.enter()
      // Model replicas recurse through deep graphs; the default 512 KiB thread stack is small.
      let thread = Thread {
        let communicator = InProcessCommunicator(rank: rank, rendezvous: rendezvous)
        do {
          outcomes.set(rank, .success(try body(communicator)))
        } catch {
          rendezvous.fail(rank: rank)
          outcomes.set(rank, .failure(error))
        }
        finished.leave()
      }
      thread.stackSize = 64 << 20
      thread.start()
    }
    finished.wait()
    return try outcomes.collect()
  }
}

/// The results of the ranks, written by their threads and read once all have finished.
private final class Outcomes<Result>: @unchecked Sendable {
  private var results: [Swift.Result<Result, Error>?]
  private let lock = NSLock()

  init(size: Int) { results = Array(repeating: nil, count: size) }

  func set(_ rank: Int, _ outcome: Swift.Result<Result, Error>) {
    lock.lock()
    results[rank] = outcome
    lock.unlock()
  }

  func collect() throws -> [Result] {
    let errors = results.compactMap { outcome -> Error? in
      if case .failure(let error) = outcome { return error }
      return nil
    }
    if let cause = errors.first(where: { !isPeerFailure($0) }) ?? errors.first { throw cause }
    return results.map { try! $0!.get() }
  }

  private func isPeerFailure(_ error: Error) -> Bool {
    if case CollectiveError.peerFailed = error { return true }
    return false
  }
}
