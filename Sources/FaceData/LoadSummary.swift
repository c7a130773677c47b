/// An input item that was left out because it was bad and skipping was allowed.
public struct SkippedItem: Equatable, Sendable {
  /// The file, or "file:line" for a CSV row.
  public let origin: String
  /// Why it was skipped, as the error would have said.
  public let reason: String
}

/// What a loader read: counts per class, subjects, and the items it skipped.
public struct LoadSummary: Sendable, CustomStringConvertible {
  /// Where the data came from.
  public let source: String
  /// The number of images loaded.
  public let loadedCount: Int
  /// Images per class, in label order.
  public let countsPerClass: [Int]
  /// The class names, in label order.
  public let classNames: [String]
  /// The number of distinct subjects.
  public let subjectCount: Int
  /// The bad items that were skipped (empty unless skipping was allowed).
  public let skipped: [SkippedItem]

  /// A few lines: totals, the per-class counts, and the first skipped items.
  public var description: String {
    let classes = zip(classNames, countsPerClass).map { "\($0) \($1)" }.joined(separator: ", ")
    var text = "\(source): \(loadedCount) images of \(subjectCount) subjects (\(classes))"
    if !skipped.isEmpty {
      text += "; skipped \(skipped.count) bad items"
      for item in skipped.prefix(5) { text += "\n  skipped \(item.reason)" }
    }
    return text
  }
}
