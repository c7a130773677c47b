/// Where text stands relative to its anchor along the direction of reading.
public enum TextAlignment: Sendable {
  /// The text starts at the anchor.
  case leading
  /// The text is centered on the anchor.
  case center
  /// The text ends at the anchor.
  case trailing
}

/// Where text stands relative to its anchor across the direction of reading.
public enum TextBaseline: Sendable {
  /// The anchor is at the top of the capitals; the text hangs below it.
  case top
  /// The anchor is halfway up the capitals.
  case middle
  /// The anchor is at the baseline; descenders reach below it.
  case bottom
}

/// The direction text reads in.
public enum TextDirection: Sendable {
  /// Left to right, upright.
  case horizontal
  /// Bottom to top, turned a quarter turn counterclockwise, as y-axis titles are.
  case upward
}

/// Text in `BitmapFont`, drawn with crisp square pixels of `scale` x `scale`.
extension Canvas {
  /// Draws one line of `text` placed by `anchor`, `alignment` along the reading direction and
  /// `baseline` across it.
  ///
  /// - Parameters:
  ///   - scale: the size of one font pixel in canvas pixels (1 gives 7-pixel capitals).
  ///   - direction: `.upward` turns the text to read from bottom to top; `alignment` then
  ///     runs upwards from the anchor and the tops of the letters face left.
  public mutating func drawText(
    _ text: String, at anchor: CanvasPoint, color: RGBColor = .ink, scale: Int = 1,
    alignment: TextAlignment = .leading, baseline: TextBaseline = .top,
    direction: TextDirection = .horizontal
  ) {
    precondition(scale > 0, "the text scale is a positive integer")
    let (alongOffset, acrossOffset) = Self.offsets(
      of: text, scale: scale, alignment: alignment, baseline: baseline)
    let originX = Self.pixel(anchor.x, .toNearestOrAwayFromZero)
    let originY = Self.pixel(anchor.y, .toNearestOrAwayFromZero)
    var pen = alongOffset
    for character in text {
      let glyph = BitmapFont.glyph(for: character)
      for row in 0..<BitmapFont.glyphHeight {
        for column in 0..<glyph.advance where glyph.isInked(column: column, row: row) {
          let along = pen + column * scale
          let across = acrossOffset + row * scale
          let square: PixelRectangle
          switch direction {
          case .horizontal:
            square = PixelRectangle(
              left: originX + along, top: originY + across, width: scale, height: scale)
          case .upward:
            square = PixelRectangle(
              left: originX + across, top: originY - along - scale, width: scale, height: scale)
          }
          fill(square, color: color)
        }
      }
      pen += (glyph.advance + BitmapFont.letterSpacing) * scale
    }
  }

  /// How far the text's top-left corner lies from its anchor, along and across the reading
  /// direction, in pixels.
  private static func offsets(
    of text: String, scale: Int, alignment: TextAlignment, baseline: TextBaseline
  ) -> (along: Int, across: Int) {
    let textWidth = BitmapFont.width(of: text, scale: scale)
    let along: Int
    switch alignment {
    case .leading: along = 0
    case .center: along = -textWidth / 2
    case .trailing: along = -textWidth
    }
    let capitals = BitmapFont.capitalHeight * scale
    switch baseline {
    case .top: return (along, 0)
    case .middle: return (along, -capitals / 2)
    case .bottom: return (along, -capitals)
    }
  }
}
