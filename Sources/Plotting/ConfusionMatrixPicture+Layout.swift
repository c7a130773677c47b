/// Where the parts of a `ConfusionMatrixPicture` go at a given size.
///
/// From the left: the "true" axis title reading upwards, the row class names, the matrix, the
/// row totals. From the top: the heading, the matrix, the column class names (turned upwards
/// when they are wider than a cell), the "predicted" axis title. The square cells take all
/// the room the text leaves, and the block is centered.
struct MatrixLayout {
  /// The size of one font pixel for names and shares; counts may use twice this.
  let scale: Int
  /// The side of a cell in pixels, including the 1-pixel gap to its neighbours.
  let cellSide: Int
  /// The left column and top row of the matrix.
  let matrixLeft: Int
  let matrixTop: Int
  /// Whether the column names read upwards.
  let turnsColumnNames: Bool
  /// The widest class name and widest row total, in pixels.
  let nameWidth: Int
  let totalWidth: Int
  /// The blank margin around the picture and the gap between its parts, in pixels.
  let margin: Int
  let gap: Int

  init(picture: ConfusionMatrixPicture, width: Int, height: Int) {
    let k = picture.classNames.count
    let scale = max(1, min(width, height) / 560)
    let margin = 14 * scale
    let gap = 6 * scale
    let glyphHeight = BitmapFont.height(scale: scale)
    let nameWidth = picture.classNames.map { BitmapFont.width(of: $0, scale: scale) }.max()!
    let totalWidth = picture.counts.map {
      BitmapFont.width(of: "n=\($0.reduce(0, +))", scale: scale)
    }.max()!
    let headingHeight = BitmapFont.height(scale: 2 * scale) + 2 * gap
    let left = margin + glyphHeight + gap + nameWidth + gap
    let right = margin + totalWidth + gap
    let fixedBelow = margin + glyphHeight + gap + gap
    func side(columnNameDepth: Int) -> Int {
      let across = (width - left - right) / k
      let down = (height - margin - headingHeight - fixedBelow - columnNameDepth) / k
      return max(4, min(across, down))
    }
    var cellSide = side(columnNameDepth: nameWidth)
    let turnsColumnNames = nameWidth > cellSide - 4
    if !turnsColumnNames {
      // Upright names need less depth, so cells may grow, and still hold the names.
      cellSide = max(cellSide, side(columnNameDepth: glyphHeight))
    }
    let blockWidth = left + k * cellSide + right
    let blockHeight =
      margin + headingHeight + k * cellSide + fixedBelow
      + (turnsColumnNames ? nameWidth : glyphHeight)
    self.scale = scale
    self.margin = margin
    self.gap = gap
    self.nameWidth = nameWidth
    self.totalWidth = totalWidth
    self.cellSide = cellSide
    self.turnsColumnNames = turnsColumnNames
    matrixLeft = left + max(0, (width - blockWidth) / 2)
    matrixTop = margin + headingHeight + max(0, (height - blockHeight) / 2)
  }

  /// The filled pixels of cell (`row`, `column`), leaving a 1-pixel white gap on the right
  /// and bottom.
  func cell(row: Int, column: Int) -> PixelRectangle {
    PixelRectangle(
      left: matrixLeft + column * cellSide, top: matrixTop + row * cellSide,
      width: cellSide - 1, height: cellSide - 1)
  }
}

extension MatrixLayout {
  /// The side of the whole matrix in pixels, for `classCount` classes.
  func matrixSide(classCount: Int) -> Int { classCount * cellSide }

  /// The middle of row or column `index`, in pixels from the matrix's top or left edge.
  func middle(of index: Int) -> Int { index * cellSide + cellSide / 2 }
}

extension ConfusionMatrixPicture {
  /// The heading, the class names on both sides, the row totals and the two axis titles.
  func drawHeadings(on canvas: inout Canvas, layout: MatrixLayout) {
    drawHeading(on: &canvas, layout: layout)
    for index in classNames.indices {
      drawNames(ofClass: index, on: &canvas, layout: layout)
    }
    drawAxisTitles(on: &canvas, layout: layout)
  }

  /// The heading, centered over the matrix.
  ///
  /// A long heading shrinks to the label size, then moves off the matrix's center to use the
  /// whole width, before it would run off the picture.
  private func drawHeading(on canvas: inout Canvas, layout: MatrixLayout) {
    var scale = 2 * layout.scale
    if BitmapFont.width(of: heading, scale: scale) > canvas.width - 2 * layout.margin {
      scale = layout.scale
    }
    let half = Double(BitmapFont.width(of: heading, scale: scale)) / 2
    let centerX = Double(layout.matrixLeft + layout.matrixSide(classCount: classNames.count) / 2)
    let x = min(
      max(centerX, half + Double(layout.margin)),
      Double(canvas.width) - half - Double(layout.margin))
    canvas.drawText(
      heading, at: CanvasPoint(x: x, y: Double(layout.matrixTop - layout.gap)), scale: scale,
      alignment: .center, baseline: .bottom)
  }

  /// The name of class `index` left of its row and below its column, and the row's total
  /// right of the row.
  private func drawNames(ofClass index: Int, on canvas: inout Canvas, layout: MatrixLayout) {
    let name = classNames[index]
    let s = layout.scale
    let matrixSide = layout.matrixSide(classCount: classNames.count)
    let rowMiddle = Double(layout.matrixTop + layout.middle(of: index))
    canvas.drawText(
      name, at: CanvasPoint(x: Double(layout.matrixLeft - layout.gap), y: rowMiddle), scale: s,
      alignment: .trailing, baseline: .middle)
    canvas.drawText(
      "n=\(counts[index].reduce(0, +))",
      at: CanvasPoint(x: Double(layout.matrixLeft + matrixSide + layout.gap), y: rowMiddle),
      color: .secondaryInk, scale: s, baseline: .middle)
    let below = CanvasPoint(
      x: Double(layout.matrixLeft + layout.middle(of: index)),
      y: Double(layout.matrixTop + matrixSide + layout.gap))
    if layout.turnsColumnNames {
      canvas.drawText(
        name, at: below, scale: s, alignment: .trailing, baseline: .middle, direction: .upward)
    } else {
      canvas.drawText(name, at: below, scale: s, alignment: .center)
    }
  }

  /// "predicted" below the column names and "true", reading upwards, left of the row names.
  private func drawAxisTitles(on canvas: inout Canvas, layout: MatrixLayout) {
    let s = layout.scale
    let matrixSide = layout.matrixSide(classCount: classNames.count)
    let namesDepth = layout.turnsColumnNames ? layout.nameWidth : BitmapFont.height(scale: s)
    canvas.drawText(
      "predicted",
      at: CanvasPoint(
        x: Double(layout.matrixLeft + matrixSide / 2),
        y: Double(layout.matrixTop + matrixSide + 2 * layout.gap + namesDepth)),
      scale: s, alignment: .center)
    let x = layout.matrixLeft - 2 * layout.gap - layout.nameWidth - BitmapFont.height(scale: s)
    canvas.drawText(
      "true", at: CanvasPoint(x: Double(x), y: Double(layout.matrixTop + matrixSide / 2)),
      scale: s, alignment: .center, direction: .upward)
  }
}
