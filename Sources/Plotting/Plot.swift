import FaceData

/// A picture that can be drawn at any reasonable size: the panels of a `MultiPanelFigure`.
public protocol Plot: Sendable {
  /// The size in pixels used when none is given.
  var defaultSize: (width: Int, height: Int) { get }

  /// Draws the plot on a new RGB image of exactly `width` x `height` pixels.
  func render(width: Int, height: Int) -> PixelImage
}

extension Plot {
  /// Draws the plot at its default size.
  public func render() -> PixelImage {
    render(width: defaultSize.width, height: defaultSize.height)
  }

  /// Draws the plot and writes it as a PNG at `path`, replacing any file there; `width` and
  /// `height` default to `defaultSize`.
  ///
  /// - Throws: `ImageFileError.writeFailed` when the file cannot be written.
  public func writePNG(toFile path: String, width: Int? = nil, height: Int? = nil) throws {
    try render(width: width ?? defaultSize.width, height: height ?? defaultSize.height)
      .writePNG(toFile: path)
  }
}
