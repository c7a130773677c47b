/// A sheet of equally sized tiles in rows and columns, for previews of data sets and of
/// generated images.
public struct ImageGrid: Sendable {
  /// The number of tile rows.
  public let rows: Int
  /// The number of tile columns.
  public let columns: Int
  /// The side of a square tile in pixels.
  public let tileSize: Int
  /// The gap between tiles and around the sheet in pixels.
  public let padding: Int
  /// The sheet; RGB when any tile is RGB.
  public private(set) var image: PixelImage

  /// An empty sheet filled with `background`.
  ///
  /// - Parameter channels: 3 for an RGB sheet, 1 for gray (gray sheets take gray tiles only).
  public init(
    rows: Int, columns: Int, tileSize: Int, padding: Int = 2, channels: Int = 3,
    background: UInt8 = 255
  ) {
    precondition(rows > 0 && columns > 0 && tileSize > 0 && padding >= 0, "grid geometry")
    self.rows = rows
    self.columns = columns
    self.tileSize = tileSize
    self.padding = padding
    image = PixelImage(
      width: columns * (tileSize + padding) + padding,
      height: rows * (tileSize + padding) + padding,
      channels: channels, fill: background)
  }

  /// Copies `tile` (resized to the tile size if needed, converted to the sheet's channels)
  /// into the cell at (`row`, `column`).
  public mutating func place(_ tile: PixelImage, row: Int, column: Int) {
    precondition(row >= 0 && row < rows && column >= 0 && column < columns, "cell out of range")
    var fitted = tile
    if tile.width != tileSize || tile.height != tileSize {
      fitted = tile.resized(width: tileSize, height: tileSize)
    }
    fitted = fitted.converted(toChannels: image.channels)
    let channels = image.channels
    let left = padding + column * (tileSize + padding)
    let top = padding + row * (tileSize + padding)
    let rowBytes = tileSize * channels
    for y in 0..<tileSize {
      let destination = ((top + y) * image.width + left) * channels
      image.bytes[destination..<(destination + rowBytes)] =
        fitted.bytes[(y * rowBytes)..<((y + 1) * rowBytes)]
    }
  }

  /// Places an image given as (C, S, S) floats in [-1, 1], as the model produces them.
  public mutating func place(
    planarFloats: UnsafePointer<Float>, size: Int, channels: Int, row: Int, column: Int
  ) {
    place(
      PixelImage(planarFloats: planarFloats, size: size, channels: channels), row: row,
      column: column)
  }

  /// Writes the sheet as a PNG file.
  public func writePNG(toFile path: String) throws {
    try image.writePNG(toFile: path)
  }
}
