/// What a random draw is for. Each purpose has its own stream, so adding draws for one
/// purpose never shifts the values of another.
public enum RandomPurpose: UInt32, CaseIterable, Sendable {
  /// The per-epoch order of the training samples.
  case permutation = 1
  /// c: the target expression a sample's image is translated to.
  case targetExpression
  /// c_p: the expression of the face invented from the prior.
  case priorExpression
  /// z: the prior code, d_z floats uniform on [-1, 1].
  case priorCode
  /// alpha: the interpolation weight of the gradient penalty.
  case penaltyAlpha
  /// Which other training image of class y becomes x_same.
  case samePartner
  /// Which real training image of class c_p becomes x_p.
  case priorPartner
  /// Dropout masks of a sample.
  case dropout
  /// Data augmentation of a sample.
  case augmentation
  /// The pixels of a synthetic face.
  case rendering
  /// The identity traits of a synthetic subject.
  case identity
  /// The assignment of subjects to cross-validation folds.
  case folds
}

/// A counter-based random stream: Philox4x32-10 keyed by a 64-bit seed, over a counter made
/// of the stream's identity and a block number.
///
/// The value of every draw is a pure function of (seed, identity, position in the stream), so
/// a sample's draws are the same whichever process computes them and in whatever order.
public struct CounterRandom: Sendable {
  private let key: (UInt32, UInt32)
  private let identity: (UInt32, UInt32, UInt32)
  private var block: UInt32 = 0
  private var buffer: (UInt32, UInt32, UInt32, UInt32) = (0, 0, 0, 0)
  private var used = 4

  /// The stream of one training sample for one purpose.
  ///
  /// - Parameters:
  ///   - seed: the run's seed.
  ///   - epoch: the epoch, 0 to 2^32 - 1.
  ///   - sampleIndex: the global sample index, 0 to 2^56 - 1; the same on every rank.
  ///   - purpose: what the draws are for.
  public init(seed: UInt64, epoch: Int, sampleIndex: Int, purpose: RandomPurpose) {
    precondition(epoch >= 0 && epoch <= Int(UInt32.max), "epoch out of range")
    precondition(sampleIndex >= 0 && sampleIndex < 1 << 56, "sample index out of range")
    self.init(
      seed: seed, purpose: purpose, first: UInt32(truncatingIfNeeded: sampleIndex),
      second: UInt32(epoch), third: UInt32(sampleIndex >> 32))
  }

  /// A stream identified by three words, `third` below 2^24 (the purpose fills the rest).
  public init(seed: UInt64, purpose: RandomPurpose, first: UInt32, second: UInt32, third: UInt32) {
    precondition(third < 1 << 24, "the third word of a stream identity is below 2^24")
    key = (UInt32(truncatingIfNeeded: seed), UInt32(truncatingIfNeeded: seed >> 32))
    identity = (first, second, purpose.rawValue << 24 | third)
  }

  /// The next 32 uniformly distributed bits.
  public mutating func nextUInt32() -> UInt32 {
    if used == 4 {
      buffer = CounterRandom.philox(
        counter: (identity.0, identity.1, identity.2, block), key: key)
      block &+= 1
      used = 0
    }
    defer { used += 1 }
    switch used {
    case 0: return buffer.0
    case 1: return buffer.1
    case 2: return buffer.2
    default: return buffer.3
    }
  }

  /// A float uniform on [0, 1), with 24 random bits.
  public mutating func nextUnitFloat() -> Float {
    Float(nextUInt32() >> 8) * 0x1p-24
  }

  /// A float uniform on [-1, 1).
  public mutating func nextSymmetricFloat() -> Float {
    nextUnitFloat() * 2 - 1
  }

  /// A float uniform on [low, high).
  public mutating func nextFloat(in range: ClosedRange<Float>) -> Float {
    range.lowerBound + (range.upperBound - range.lowerBound) * nextUnitFloat()
  }

  /// An integer uniform on 0..<bound, without modulo bias (Lemire's multiply and reject).
  public mutating func nextInt(below bound: Int) -> Int {
    precondition(bound > 0 && bound <= Int(UInt32.max), "bound out of range")
    let range = UInt64(bound)
    var product = UInt64(nextUInt32()) * range
    if UInt32(truncatingIfNeeded: product) < UInt32(bound) {
      let threshold = UInt32((0x1_0000_0000 - range) % range)
      while UInt32(truncatingIfNeeded: product) < threshold {
        product = UInt64(nextUInt32()) * range
      }
    }
    return Int(product >> 32)
  }

  /// One Philox4x32-10 block: ten rounds of multiply-xor mixing of the counter under the key.
  public static func philox(
    counter: (UInt32, UInt32, UInt32, UInt32), key: (UInt32, UInt32)
  ) -> (UInt32, UInt32, UInt32, UInt32) {
    var (c0, c1, c2, c3) = counter
    var (k0, k1) = key
    for round in 0..<10 {
      if round > 0 {
        k0 &+= 0x9E37_79B9
        k1 &+= 0xBB67_AE85
      }
      let p0 = UInt64(0xD251_1F53) * UInt64(c0)
      let p1 = UInt64(0xCD9E_8D57) * UInt64(c2)
      let hi0 = UInt32(p0 >> 32)
      let lo0 = UInt32(truncatingIfNeeded: p0)
      let hi1 = UInt32(p1 >> 32)
      let lo1 = UInt32(truncatingIfNeeded: p1)
      (c0, c1, c2, c3) = (hi1 ^ c1 ^ k0, lo1, hi0 ^ c3 ^ k1, lo0)
    }
    return (c0, c1, c2, c3)
  }
}
