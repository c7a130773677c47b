import FaceData

/// A K x K confusion matrix of a classifier as a shaded table: rows are the true classes,
/// columns the predicted ones.
///
/// Each cell is shaded by its share of its row (white for none, strong blue for all), so the
/// diagonal reads as per-class recall whatever the class sizes, and shows its count and that
/// share in percent. The title carries the overall accuracy; each row's total is written to
/// its right.
public struct ConfusionMatrixPicture: Plot, Sendable {
  /// `counts[t][p]`: how many samples of true class `t` were predicted as class `p`.
  public var counts: [[Int]]
  /// The class names, in label order; `classNames.count` is K.
  public var classNames: [String]
  /// The heading, followed in the picture by the accuracy.
  public var title: String
  /// The size `render()` and `writePNG(toFile:)` use, in pixels: 640 x 600 by default.
  public var defaultSize: (width: Int, height: Int)

  /// A picture of `counts` (K rows of K non-negative counts) for the K `classNames`.
  public init(counts: [[Int]], classNames: [String], title: String = "Confusion matrix") {
    let k = classNames.count
    precondition(k > 0, "a confusion matrix needs at least one class")
    precondition(
      counts.count == k && counts.allSatisfy { $0.count == k },
      "the counts must be \(k) x \(k) for \(k) class names")
    precondition(counts.allSatisfy { $0.allSatisfy { $0 >= 0 } }, "counts are never negative")
    self.counts = counts
    self.classNames = classNames
    self.title = title
    defaultSize = (640, 600)
  }

  /// A picture of `counts` for the classes of a label space, named by their display names.
  public init(counts: [[Int]], expressions: ExpressionSet, title: String = "Confusion matrix") {
    self.init(
      counts: counts, classNames: expressions.classes.map(\.displayName), title: title)
  }

  /// All samples counted.
  public var total: Int { counts.reduce(0) { $0 + $1.reduce(0, +) } }

  /// The share of samples on the diagonal, in [0, 1]; nil when there are none.
  public var accuracy: Double? {
    let all = total
    guard all > 0 else { return nil }
    let correct = classNames.indices.reduce(0) { $0 + counts[$1][$1] }
    return Double(correct) / Double(all)
  }

  /// The share of true class `row` predicted as `column`, in [0, 1]; 0 for an empty row.
  public func rowFraction(row: Int, column: Int) -> Double {
    let rowTotal = counts[row].reduce(0, +)
    return rowTotal == 0 ? 0 : Double(counts[row][column]) / Double(rowTotal)
  }

  /// The cell color for a row share in [0, 1] (clamped): from near white through light blue
  /// to a deep navy, darker for every larger share.
  public static func shade(fraction: Double) -> RGBColor {
    let t = min(1, max(0, fraction)) * Double(shadeStops.count - 1)
    let index = min(shadeStops.count - 2, Int(t))
    return shadeStops[index].mixed(with: shadeStops[index + 1], fraction: t - Double(index))
  }

  /// Equally spaced colors of the ramp, each darker than the one before.
  private static let shadeStops: [RGBColor] = [
    0xF7FBFF, 0xDEEBF7, 0xC6DBEF, 0x9ECAE1, 0x6BAED6, 0x4292C6, 0x2171B5, 0x08519C, 0x08306B,
  ].map { RGBColor(hex: $0) }

  /// The title with the accuracy and sample count appended.
  var heading: String {
    let prefix = title.isEmpty ? "" : title + " - "
    guard let accuracy else { return prefix + "no samples" }
    return prefix + "accuracy " + Self.percent(accuracy) + " (n = \(total))"
  }

  /// A share in [0, 1] as a percentage with one decimal: "83.3%".
  static func percent(_ fraction: Double) -> String {
    let tenths = Int((fraction * 1000).rounded())
    return "\(tenths / 10).\(tenths % 10)%"
  }

  /// Draws the matrix on a new `width` x `height` image.
  public func render(width: Int, height: Int) -> PixelImage {
    let layout = MatrixLayout(picture: self, width: width, height: height)
    var canvas = Canvas(width: width, height: height)
    drawHeadings(on: &canvas, layout: layout)
    for row in classNames.indices {
      for column in classNames.indices {
        drawCell(row: row, column: column, on: &canvas, layout: layout)
      }
    }
    return canvas.image
  }

  /// The rectangle of cell (`row`, `column`) when drawn at `width` x `height`.
  public func cellRectangle(row: Int, column: Int, width: Int, height: Int) -> PixelRectangle {
    MatrixLayout(picture: self, width: width, height: height).cell(row: row, column: column)
  }

  /// One shaded cell with its count and, when there is room, its row share.
  private func drawCell(row: Int, column: Int, on canvas: inout Canvas, layout: MatrixLayout) {
    let cell = layout.cell(row: row, column: column)
    let fraction = rowFraction(row: row, column: column)
    let fill = Self.shade(fraction: fraction)
    canvas.fill(cell, color: fill)
    let count = String(counts[row][column])
    // Empty cells stay quiet so that the eye goes to the confusions that happen.
    let isEmpty = counts[row][column] == 0
    let textColor = fill.luma < 0.55 ? RGBColor.white : isEmpty ? RGBColor(hex: 0xA0A0A0) : .ink
    let share = isEmpty ? "" : Self.percent(fraction)
    let countScale =
      BitmapFont.width(of: count, scale: 2 * layout.scale) <= cell.width - 8
        && cell.height >= 40 * layout.scale ? 2 * layout.scale : layout.scale
    let countHeight = BitmapFont.capitalHeight * countScale
    let shareHeight = BitmapFont.capitalHeight * layout.scale
    let gap = 4 * layout.scale
    let showsShare =
      !share.isEmpty && countHeight + gap + shareHeight <= cell.height - 6
      && BitmapFont.width(of: share, scale: layout.scale) <= cell.width - 4
    let blockHeight = showsShare ? countHeight + gap + shareHeight : countHeight
    let centerX = Double(cell.left) + Double(cell.width) / 2
    let top = Double(cell.top + (cell.height - blockHeight) / 2)
    canvas.drawText(
      count, at: CanvasPoint(x: centerX, y: top), color: textColor, scale: countScale,
      alignment: .center)
    if showsShare {
      canvas.drawText(
        share, at: CanvasPoint(x: centerX, y: top + Double(countHeight + gap)), color: textColor,
        scale: layout.scale, alignment: .center)
    }
  }
}
