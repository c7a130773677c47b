/// An 8-bit image in memory: rows top to bottom, pixels interleaved, no row padding.
///
/// Pixel (x, y) channel k is `bytes[(y * width + x) * channels + k]`. Images in this module have
/// 1 channel (gray) or 3 (RGB); everything read from disk is converted to one of the two.
public struct PixelImage: Equatable, Sendable {
  /// Width in pixels.
  public let width: Int
  /// Height in pixels.
  public let height: Int
  /// 1 for gray, 3 for RGB.
  public let channels: Int
  /// `width * height * channels` bytes.
  public var bytes: [UInt8]

  /// Wraps existing bytes; their count must be `width * height * channels`.
  public init(width: Int, height: Int, channels: Int, bytes: [UInt8]) {
    precondition(width > 0 && height > 0, "an image needs a positive size")
    precondition(channels == 1 || channels == 3, "an image has 1 or 3 channels")
    precondition(bytes.count == width * height * channels, "byte count does not match the size")
    self.width = width
    self.height = height
    self.channels = channels
    self.bytes = bytes
  }

  /// An image filled with one value in every channel.
  public init(width: Int, height: Int, channels: Int, fill: UInt8 = 0) {
    self.init(
      width: width, height: height, channels: channels,
      bytes: [UInt8](repeating: fill, count: width * height * channels))
  }

  /// The same picture with `count` channels: gray is copied into R, G and B; RGB becomes
  /// luma 0.299R + 0.587G + 0.114B, rounded.
  public func converted(toChannels count: Int) -> PixelImage {
    precondition(count == 1 || count == 3, "an image has 1 or 3 channels")
    if count == channels { return self }
    let pixelCount = width * height
    var result = [UInt8](repeating: 0, count: pixelCount * count)
    if count == 3 {
      for p in 0..<pixelCount {
        let v = bytes[p]
        result[3 * p] = v
        result[3 * p + 1] = v
        result[3 * p + 2] = v
      }
    } else {
      for p in 0..<pixelCount {
        let luma =
          0.299 * Float(bytes[3 * p]) + 0.587 * Float(bytes[3 * p + 1]) + 0.114
          * Float(bytes[3 * p + 2])
        result[p] = UInt8(min(255, luma.rounded()))
      }
    }
    return PixelImage(width: width, height: height, channels: count, bytes: result)
  }

  /// The centered square whose side is `fraction` of the shorter side, rounded down (at
  /// least 1 pixel). A fraction of 1 crops a non-square image to its central square, which
  /// keeps faces undistorted when they are resized to a square.
  public func centerCropped(fraction: Double = 1) -> PixelImage {
    precondition(fraction > 0 && fraction <= 1, "the crop fraction is in (0, 1]")
    let side = max(1, Int(Double(min(width, height)) * fraction))
    let left = (width - side) / 2
    let top = (height - side) / 2
    if side == width && side == height { return self }
    var result = [UInt8](repeating: 0, count: side * side * channels)
    let rowBytes = side * channels
    for y in 0..<side {
      let sourceStart = ((top + y) * width + left) * channels
      result[(y * rowBytes)..<((y + 1) * rowBytes)] = bytes[sourceStart..<(sourceStart + rowBytes)]
    }
    return PixelImage(width: side, height: side, channels: channels, bytes: result)
  }

  /// Writes the image as floats in [-1, 1] (byte / 127.5 - 1), channel-major (C, H, W), into
  /// `destination`, which holds at least `width * height * channels` floats.
  public func writePlanarFloats(into destination: UnsafeMutablePointer<Float>) {
    let pixelCount = width * height
    bytes.withUnsafeBufferPointer { source in
      for k in 0..<channels {
        let plane = destination + k * pixelCount
        for p in 0..<pixelCount {
          plane[p] = Float(source[p * channels + k]) * (1 / 127.5) - 1
        }
      }
    }
  }

  /// Builds an image from channel-major floats in [-1, 1] (values outside are clamped), the
  /// inverse of `writePlanarFloats`.
  public init(planarFloats source: UnsafePointer<Float>, size: Int, channels: Int) {
    let pixelCount = size * size
    var result = [UInt8](repeating: 0, count: pixelCount * channels)
    for k in 0..<channels {
      for p in 0..<pixelCount {
        let value = (source[k * pixelCount + p] + 1) * 127.5
        result[p * channels + k] = UInt8(max(0, min(255, value.rounded())))
      }
    }
    self.init(width: size, height: size, channels: channels, bytes: result)
  }
}
