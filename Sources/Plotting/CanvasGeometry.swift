/// A position on a canvas in pixels, measured from the top-left corner, x to the right and y
/// down. Pixel (i, j) covers [i, i + 1) x [j, j + 1), so its center is (i + 0.5, j + 0.5).
public struct CanvasPoint: Equatable, Sendable {
  /// Horizontal position in pixels.
  public var x: Double
  /// Vertical position in pixels, growing downwards.
  public var y: Double

  /// A point from its coordinates.
  public init(x: Double, y: Double) {
    self.x = x
    self.y = y
  }
}

/// An axis-aligned block of whole pixels: columns `left..<left + width`, rows
/// `top..<top + height`.
public struct PixelRectangle: Equatable, Sendable {
  /// First column.
  public var left: Int
  /// First row.
  public var top: Int
  /// Number of columns; may be 0 for an empty rectangle.
  public var width: Int
  /// Number of rows; may be 0 for an empty rectangle.
  public var height: Int

  /// A rectangle from its top-left corner and size; negative sizes are treated as empty.
  public init(left: Int, top: Int, width: Int, height: Int) {
    self.left = left
    self.top = top
    self.width = max(0, width)
    self.height = max(0, height)
  }

  /// One past the last column.
  public var right: Int { left + width }
  /// One past the last row.
  public var bottom: Int { top + height }
  /// Whether the rectangle covers no pixel.
  public var isEmpty: Bool { width == 0 || height == 0 }

  /// Whether pixel (`x`, `y`) lies inside.
  public func contains(x: Int, y: Int) -> Bool {
    x >= left && x < right && y >= top && y < bottom
  }

  /// The pixels common to both rectangles (empty when they do not overlap).
  public func intersection(_ other: PixelRectangle) -> PixelRectangle {
    let newLeft = max(left, other.left)
    let newTop = max(top, other.top)
    return PixelRectangle(
      left: newLeft, top: newTop, width: min(right, other.right) - newLeft,
      height: min(bottom, other.bottom) - newTop)
  }

  /// The rectangle shrunk by `amount` pixels on every side (grown when negative).
  public func inset(by amount: Int) -> PixelRectangle {
    PixelRectangle(
      left: left + amount, top: top + amount, width: width - 2 * amount,
      height: height - 2 * amount)
  }
}
