/// Resizing with filters that do not alias: area averaging when shrinking, bilinear
/// interpolation when enlarging.
extension PixelImage {
  /// The image resized to `newWidth` x `newHeight`, each axis filtered on its own.
  ///
  /// A shrinking axis averages the source pixels each output pixel covers, weighting the
  /// partly covered ones by their overlap, so fine detail averages out instead of aliasing.
  /// An enlarging axis interpolates linearly between pixel centers.
  public func resized(width newWidth: Int, height newHeight: Int) -> PixelImage {
    precondition(newWidth > 0 && newHeight > 0, "a resized image needs a positive size")
    if newWidth == width && newHeight == height { return self }
    let columns = ResamplingTaps(source: width, destination: newWidth)
    let rows = ResamplingTaps(source: height, destination: newHeight)
    // Horizontal pass into floats (height x newWidth), then vertical pass to bytes.
    var horizontal = [Float](repeating: 0, count: height * newWidth * channels)
    bytes.withUnsafeBufferPointer { source in
      horizontal.withUnsafeMutableBufferPointer { destination in
        columns.apply(
          from: source, to: destination, lines: height, lineLength: width, channels: channels)
      }
    }
    var result = [UInt8](repeating: 0, count: newHeight * newWidth * channels)
    let rowFloats = newWidth * channels
    horizontal.withUnsafeBufferPointer { source in
      result.withUnsafeMutableBufferPointer { destination in
        for y in 0..<newHeight {
          for i in 0..<rowFloats {
            var sum: Float = 0
            for tap in rows.range(of: y) {
              sum += rows.weights[tap] * source[rows.indices[tap] * rowFloats + i]
            }
            destination[y * rowFloats + i] = UInt8(max(0, min(255, sum)) + 0.5)
          }
        }
      }
    }
    return PixelImage(width: newWidth, height: newHeight, channels: channels, bytes: result)
  }

  /// The image as a `size` x `size` square: center-cropped to `cropFraction` of its shorter
  /// side (1 keeps the whole central square) and resized.
  public func squared(size: Int, cropFraction: Double = 1) -> PixelImage {
    centerCropped(fraction: cropFraction).resized(width: size, height: size)
  }
}

/// For each destination pixel along one axis, the source pixels it reads and their weights
/// (summing to 1), stored flat: taps `starts[i]..<starts[i + 1]` belong to destination i.
struct ResamplingTaps {
  var indices: [Int] = []
  var weights: [Float] = []
  var starts: [Int] = [0]

  init(source: Int, destination: Int) {
    let scale = Double(source) / Double(destination)
    for i in 0..<destination {
      if scale > 1 {
        addAreaTaps(from: Double(i) * scale, to: Double(i + 1) * scale, limit: source)
      } else {
        addLinearTaps(center: (Double(i) + 0.5) * scale - 0.5, limit: source)
      }
      starts.append(indices.count)
    }
  }

  /// The taps of destination pixel `i`.
  func range(of i: Int) -> Range<Int> { starts[i]..<starts[i + 1] }

  /// Resamples `lines` rows of interleaved bytes along this axis into floats: row l of the
  /// source starts at l * lineLength * channels, of the destination at l * (destination
  /// length) * channels.
  func apply(
    from source: UnsafeBufferPointer<UInt8>, to destination: UnsafeMutableBufferPointer<Float>,
    lines: Int, lineLength: Int, channels: Int
  ) {
    let destinationCount = starts.count - 1
    for line in 0..<lines {
      let sourceStart = line * lineLength * channels
      let destinationStart = line * destinationCount * channels
      for x in 0..<destinationCount {
        for k in 0..<channels {
          var sum: Float = 0
          for tap in range(of: x) {
            sum += weights[tap] * Float(source[sourceStart + indices[tap] * channels + k])
          }
          destination[destinationStart + x * channels + k] = sum
        }
      }
    }
  }

  /// Source pixels overlapping the interval [low, high), weighted by overlap.
  private mutating func addAreaTaps(from low: Double, to high: Double, limit: Int) {
    let first = Int(low)
    let last = min(limit - 1, Int((high - 1e-9).rounded(.down)))
    for j in first...last {
      let overlap = min(high, Double(j + 1)) - max(low, Double(j))
      indices.append(j)
      weights.append(Float(overlap / (high - low)))
    }
  }

  /// The two source pixels around `center`, clamped at the borders.
  private mutating func addLinearTaps(center: Double, limit: Int) {
    let clamped = min(max(center, 0), Double(limit - 1))
    let left = Int(clamped.rounded(.down))
    let right = min(left + 1, limit - 1)
    let fraction = Float(clamped - Double(left))
    indices.append(left)
    weights.append(1 - fraction)
    indices.append(right)
    weights.append(fraction)
  }
}
