/// A point in training: the step about to run within an epoch. It is all the sampler needs to
/// resume exactly where a run stopped.
public struct TrainingPosition: Hashable, Comparable, Sendable, CustomStringConvertible {
  /// The epoch, from 0.
  public var epoch: Int
  /// The step within the epoch, from 0.
  public var step: Int

  /// A position; both parts are non-negative.
  public init(epoch: Int, step: Int) {
    precondition(epoch >= 0 && step >= 0, "positions are non-negative")
    self.epoch = epoch
    self.step = step
  }

  /// The next position for epochs of `stepsPerEpoch` steps.
  public func advanced(stepsPerEpoch: Int) -> TrainingPosition {
    step + 1 < stepsPerEpoch
      ? TrainingPosition(epoch: epoch, step: step + 1) : TrainingPosition(epoch: epoch + 1, step: 0)
  }

  /// Orders by epoch, then step.
  public static func < (lhs: TrainingPosition, rhs: TrainingPosition) -> Bool {
    (lhs.epoch, lhs.step) < (rhs.epoch, rhs.step)
  }

  /// "epoch 3 step 17".
  public var description: String { "epoch \(epoch) step \(step)" }
}

/// Deals training samples to ranks for data-parallel training.
///
/// Every epoch visits the samples in a permutation drawn from (seed, epoch). The permutation
/// is cut into global batches of G samples; rank r takes the contiguous share
/// `r * B ..< (r + 1) * B` of each global batch, B = G / worldSize. The samples left over
/// after the last full global batch (fewer than G) are dropped for that epoch, so every rank
/// runs the same number of steps; a different permutation next epoch drops different ones.
///
/// A global batch's content depends only on (seed, epoch, step), never on the world size, so
/// runs on any number of ranks that divides G see the same data.
public struct DistributedSampler: Sendable {
  /// N, the number of training samples (global sample indices are `0..<N`).
  public let sampleCount: Int
  /// G, the samples of one step across all ranks.
  public let globalBatchSize: Int
  /// The number of ranks.
  public let worldSize: Int
  /// This process's rank.
  public let rank: Int
  /// The seed of the per-epoch permutations.
  public let seed: UInt64

  /// A sampler for one rank.
  ///
  /// - Throws: `FaceDataError.batchNotDivisible` when G is not a multiple of the world size;
  ///   `FaceDataError.tooFewSamples` when N < G.
  public init(sampleCount: Int, globalBatchSize: Int, worldSize: Int, rank: Int, seed: UInt64)
    throws
  {
    precondition(globalBatchSize > 0 && worldSize > 0, "batch and world size are positive")
    precondition(rank >= 0 && rank < worldSize, "rank \(rank) outside world of \(worldSize)")
    guard globalBatchSize % worldSize == 0 else {
      throw FaceDataError.batchNotDivisible(globalBatchSize: globalBatchSize, worldSize: worldSize)
    }
    guard sampleCount >= globalBatchSize else {
      throw FaceDataError.tooFewSamples(sampleCount: sampleCount, globalBatchSize: globalBatchSize)
    }
    self.sampleCount = sampleCount
    self.globalBatchSize = globalBatchSize
    self.worldSize = worldSize
    self.rank = rank
    self.seed = seed
  }

  /// B = G / worldSize, the samples this rank takes per step.
  public var localBatchSize: Int { globalBatchSize / worldSize }

  /// floor(N / G), the same on every rank.
  public var stepsPerEpoch: Int { sampleCount / globalBatchSize }

  /// The order of all samples in `epoch`: a Fisher-Yates shuffle driven by (seed, epoch).
  public func permutation(epoch: Int) -> [Int] {
    var random = CounterRandom(seed: seed, epoch: epoch, sampleIndex: 0, purpose: .permutation)
    var order = Array(0..<sampleCount)
    for i in stride(from: sampleCount - 1, to: 0, by: -1) {
      order.swapAt(i, random.nextInt(below: i + 1))
    }
    return order
  }

  /// The global sample indices of every rank's share of (epoch, step), in rank order.
  public func globalBatch(epoch: Int, step: Int) -> [Int] {
    Array(globalBatch(step: step, of: permutation(epoch: epoch)))
  }

  /// This rank's global sample indices at (epoch, step).
  public func localBatch(epoch: Int, step: Int) -> [Int] {
    localBatch(step: step, of: permutation(epoch: epoch))
  }

  /// This rank's share of a step, given the epoch's permutation (to avoid redrawing it).
  public func localBatch(step: Int, of permutation: [Int]) -> [Int] {
    let batch = globalBatch(step: step, of: permutation)
    let start = batch.startIndex + rank * localBatchSize
    return Array(batch[start..<(start + localBatchSize)])
  }

  private func globalBatch(step: Int, of permutation: [Int]) -> ArraySlice<Int> {
    precondition(step >= 0 && step < stepsPerEpoch, "step \(step) outside 0..<\(stepsPerEpoch)")
    precondition(permutation.count == sampleCount, "permutation of another sampler")
    return permutation[(step * globalBatchSize)..<((step + 1) * globalBatchSize)]
  }
}
