import FaceData
import Model

extension Evaluator {
  /// A sheet with one test face per class in rows; columns: the face x, its translation x_hat
  /// to every expression, a face invented from the prior with the row's class x_pf, and the
  /// reconstruction x_rec.
  func grid(seed: UInt64) -> ImageGrid {
    let classes = test.expressions.count
    let rows = test.indicesByLabel().compactMap(\.first)
    let images = imageTensor(rows)
    let labels = rows.map(test.label(at:))
    let code = model.encoder(images)
    var random = CounterRandom(seed: seed, purpose: .priorCode, first: 0, second: 0, third: 1)
    let latent = model.configuration.latentSize
    let prior = Tensor(
      shape: [rows.count, latent],
      values: (0..<rows.count * latent).map { _ in random.nextSymmetricFloat() })
    var columns = [images]
    columns += (0..<classes).map { model.decode(code, Array(repeating: $0, count: rows.count)) }
    columns += [model.decode(prior, labels), model.decode(code, labels)]

    let size = test.imageSize
    let channels = test.channels
    var sheet = ImageGrid(
      rows: rows.count, columns: columns.count, tileSize: max(size, 48), padding: 2,
      channels: 3)
    for (column, tensor) in columns.enumerated() {
      tensor.withUnsafeBufferPointer { values in
        for row in rows.indices {
          sheet.place(
            planarFloats: values.baseAddress! + row * channels * size * size, size: size,
            channels: channels, row: row, column: column)
        }
      }
    }
    return sheet
  }
}
