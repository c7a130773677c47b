import FaceData

/// Several plots tiled in a grid on one image, row by row, under an optional common title:
/// one file per run instead of one per curve.
public struct MultiPanelFigure: Plot, Sendable {
  /// The heading above all panels; empty for none.
  public var title: String
  /// The panels in reading order; the last row may be incomplete.
  public var panels: [any Plot]
  /// Panels per row.
  public var columns: Int
  /// The size of each panel in pixels, 560 x 360 by default.
  public var panelSize: (width: Int, height: Int)

  /// Blank pixels between panels and around the figure.
  static let spacing = 8

  /// A figure of `panels` in `columns` columns.
  public init(
    title: String = "", panels: [any Plot] = [], columns: Int = 3,
    panelSize: (width: Int, height: Int) = (560, 360)
  ) {
    precondition(columns > 0, "a figure has at least one column")
    precondition(panelSize.width >= 120 && panelSize.height >= 90, "panels need 120 x 90 pixels")
    self.title = title
    self.panels = panels
    self.columns = columns
    self.panelSize = panelSize
  }

  /// Appends a panel.
  public mutating func add(_ panel: any Plot) {
    panels.append(panel)
  }

  /// Rows of panels: enough for all of them, at least one.
  public var rows: Int { max(1, (panels.count + columns - 1) / columns) }

  /// Height of the title band, in pixels; 0 without a title.
  private var titleHeight: Int {
    title.isEmpty ? 0 : BitmapFont.height(scale: 2) + 2 * Self.spacing
  }

  /// The size of the whole figure at the configured panel size.
  public var defaultSize: (width: Int, height: Int) {
    let width = columns * panelSize.width + (columns + 1) * Self.spacing
    let height = titleHeight + rows * panelSize.height + (rows + 1) * Self.spacing
    return (width, height)
  }

  /// Draws the figure on a `width` x `height` image, sharing the space left by the title and
  /// spacing equally among the panels.
  public func render(width: Int, height: Int) -> PixelImage {
    let panelWidth = (width - (columns + 1) * Self.spacing) / columns
    let panelHeight = (height - titleHeight - (rows + 1) * Self.spacing) / rows
    precondition(panelWidth >= 120 && panelHeight >= 90, "the figure is too small for its panels")
    var canvas = Canvas(width: width, height: height, background: RGBColor(hex: 0xF4F4F4))
    if !title.isEmpty {
      canvas.drawText(
        title, at: CanvasPoint(x: Double(width / 2), y: Double(Self.spacing * 2)), scale: 2,
        alignment: .center)
    }
    for (index, panel) in panels.enumerated() {
      let left = Self.spacing + (index % columns) * (panelWidth + Self.spacing)
      let top = titleHeight + Self.spacing + (index / columns) * (panelHeight + Self.spacing)
      canvas.draw(panel.render(width: panelWidth, height: panelHeight), left: left, top: top)
    }
    return canvas.image
  }
}
