import FaceData

/// A drawing surface over an RGB `PixelImage`: filled rectangles, strokes, dots and text.
///
/// Coordinates are pixels from the top-left corner (see `CanvasPoint`). Every operation is
/// limited to `clip`, which starts as the whole image; shapes that fall partly outside are cut,
/// never an error.
public struct Canvas: Sendable {
  /// Width in pixels.
  public let width: Int
  /// Height in pixels.
  public let height: Int
  /// The pixels drawing may change; the whole image by default.
  public var clip: PixelRectangle
  /// RGB bytes, rows top to bottom, as `PixelImage` lays them out.
  private var pixels: [UInt8]

  /// A blank canvas of `width` x `height` pixels filled with `background` (white by default).
  public init(width: Int, height: Int, background: RGBColor = .white) {
    precondition(width > 0 && height > 0, "a canvas needs a positive size")
    var bytes = [UInt8](repeating: 0, count: width * height * 3)
    for p in 0..<(width * height) {
      bytes[3 * p] = background.red
      bytes[3 * p + 1] = background.green
      bytes[3 * p + 2] = background.blue
    }
    self.width = width
    self.height = height
    pixels = bytes
    clip = PixelRectangle(left: 0, top: 0, width: width, height: height)
  }

  /// A canvas that draws over a copy of `image`; gray images are converted to RGB.
  public init(image: PixelImage) {
    width = image.width
    height = image.height
    pixels = image.converted(toChannels: 3).bytes
    clip = PixelRectangle(left: 0, top: 0, width: image.width, height: image.height)
  }

  /// The picture drawn so far, always 3 channels.
  public var image: PixelImage {
    PixelImage(width: width, height: height, channels: 3, bytes: pixels)
  }
  /// The whole canvas as a rectangle.
  public var bounds: PixelRectangle {
    PixelRectangle(left: 0, top: 0, width: width, height: height)
  }

  /// The color of pixel (`x`, `y`), which must lie on the canvas.
  public func color(x: Int, y: Int) -> RGBColor {
    precondition(bounds.contains(x: x, y: y), "pixel (\(x), \(y)) is outside the canvas")
    let offset = (y * width + x) * 3
    return RGBColor(
      red: pixels[offset], green: pixels[offset + 1], blue: pixels[offset + 2])
  }

  /// Mixes `color` into pixel (`x`, `y`) with weight `coverage` in [0, 1] (1 paints it over);
  /// pixels outside `clip` are left alone.
  public mutating func blend(x: Int, y: Int, color: RGBColor, coverage: Double = 1) {
    guard clip.contains(x: x, y: y), x >= 0, y >= 0, x < width, y < height, coverage > 0 else {
      return
    }
    let offset = (y * width + x) * 3
    if coverage >= 1 {
      pixels[offset] = color.red
      pixels[offset + 1] = color.green
      pixels[offset + 2] = color.blue
      return
    }
    func mix(_ old: UInt8, _ new: UInt8) -> UInt8 {
      UInt8((Double(old) + (Double(new) - Double(old)) * coverage).rounded())
    }
    pixels[offset] = mix(pixels[offset], color.red)
    pixels[offset + 1] = mix(pixels[offset + 1], color.green)
    pixels[offset + 2] = mix(pixels[offset + 2], color.blue)
  }

  /// Paints every pixel of `rectangle` (within `clip`) with `color`.
  public mutating func fill(_ rectangle: PixelRectangle, color: RGBColor) {
    let area = rectangle.intersection(clip).intersection(bounds)
    for y in area.top..<area.bottom {
      for x in area.left..<area.right {
        blend(x: x, y: y, color: color)
      }
    }
  }

  /// Draws the 1-pixel-wide outline of `rectangle`, on its outermost pixels.
  public mutating func outline(_ rectangle: PixelRectangle, color: RGBColor, thickness: Int = 1) {
    precondition(thickness > 0, "an outline is at least 1 pixel thick")
    let r = rectangle
    fill(PixelRectangle(left: r.left, top: r.top, width: r.width, height: thickness), color: color)
    fill(
      PixelRectangle(left: r.left, top: r.bottom - thickness, width: r.width, height: thickness),
      color: color)
    fill(PixelRectangle(left: r.left, top: r.top, width: thickness, height: r.height), color: color)
    fill(
      PixelRectangle(left: r.right - thickness, top: r.top, width: thickness, height: r.height),
      color: color)
  }

  /// Copies `picture` (gray or RGB) with its top-left corner at (`left`, `top`).
  public mutating func draw(_ picture: PixelImage, left: Int, top: Int) {
    let rgb = picture.converted(toChannels: 3)
    for y in 0..<rgb.height {
      for x in 0..<rgb.width {
        let offset = (y * rgb.width + x) * 3
        let color = RGBColor(
          red: rgb.bytes[offset], green: rgb.bytes[offset + 1], blue: rgb.bytes[offset + 2])
        blend(x: left + x, y: top + y, color: color)
      }
    }
  }

  /// Writes the picture as an 8-bit RGB PNG at `path`, replacing any file there.
  ///
  /// - Throws: `ImageFileError.writeFailed` when the file cannot be written.
  public func writePNG(toFile path: String) throws {
    try image.writePNG(toFile: path)
  }
}
