import Foundation

/// The partition a FER2013 row belongs to, from its `Usage` column.
public enum FER2013Usage: String, CaseIterable, Sendable {
  /// The training set.
  case training = "Training"
  /// The public test set, commonly used for validation.
  case publicTest = "PublicTest"
  /// The private test set, commonly used as the final test.
  case privateTest = "PrivateTest"
}

/// FER2013 rows loaded into memory, with each row's partition.
public struct FER2013Data: Sendable {
  /// The images, labels in FER2013's order (`ExpressionSet.fer2013`); every image is its own
  /// subject because FER2013 does not identify people.
  public let images: FaceImageCollection
  /// The partition of each image.
  public let usages: [FER2013Usage]
  /// Counts and skipped rows.
  public let summary: LoadSummary

  /// The indices of the images of one partition.
  public func indices(of usage: FER2013Usage) -> [Int] {
    usages.indices.filter { usages[$0] == usage }
  }
}

/// Reads the FER2013 CSV file: a header `emotion,pixels,Usage`, then one row per image with
/// a label 0 to 6, 2304 space-separated gray values (48 x 48, row-major) and a partition.
public enum FER2013Loader {
  /// The side of a FER2013 image.
  public static let sourceSize = 48

  /// Loads every row of the CSV at `path`.
  ///
  /// - Parameters:
  ///   - imageSize: S; the 48-pixel images are resized (area or bilinear) when it differs.
  ///   - channels: 1 keeps gray; 3 copies gray into RGB.
  ///   - skipBad: skip and count malformed rows instead of failing.
  /// - Throws: `FaceDataError` naming the file and line at fault, or `invalidOption` for a
  ///   size or channel count out of range.
  public static func load(
    path: String, imageSize: Int = 48, channels: Int = 1, skipBad: Bool = false
  )
    throws -> FER2013Data
  {
    var options = ImageFolderOptions()
    options.imageSize = imageSize
    options.channels = channels
    try options.validate()
    let lines = try readLines(path)
    let expected = "emotion,pixels,Usage"
    let header = lines.first.map { String($0).trimmingCharacters(in: .whitespaces) } ?? ""
    guard header.lowercased() == expected.lowercased() else {
      throw FaceDataError.badCSVHeader(path: path, found: header, expected: expected)
    }
    var builder = CollectionBuilder(imageSize: imageSize, channels: channels, expressions: .fer2013)
    var usages: [FER2013Usage] = []
    var skipped: [SkippedItem] = []
    for (offset, line) in lines.enumerated().dropFirst() where !line.isEmpty {
      let number = offset + 1
      do {
        let (label, image, usage) = try parse(line, path: path, line: number)
        let sized = image.converted(toChannels: channels).resized(
          width: imageSize, height: imageSize)
        builder.append(sized, label: label, subject: "row \(number)", origin: "\(path):\(number)")
        usages.append(usage)
      } catch let error as FaceDataError {
        guard skipBad else { throw error }
        skipped.append(SkippedItem(origin: "\(path):\(number)", reason: error.description))
      }
    }
    let (images, summary) = try builder.finish(source: path, skipped: skipped)
    return FER2013Data(images: images, usages: usages, summary: summary)
  }

  /// The file's lines without line terminators (LF or CRLF).
  private static func readLines(_ path: String) throws -> [Substring] {
    let text: String
    do {
      text = try String(contentsOfFile: path, encoding: .utf8)
    } catch {
      throw FaceDataError.unreadableCSV(path: path, reason: error.localizedDescription)
    }
    // "\r\n" is a single Character in Swift, so newline characters cover both endings.
    return text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
  }

  /// One row's label, image and partition.
  private static func parse(_ row: Substring, path: String, line: Int) throws
    -> (Int, PixelImage, FER2013Usage)
  {
    let fields = row.split(separator: ",", omittingEmptySubsequences: false)
    guard fields.count == 3 else {
      throw FaceDataError.badCSVRow(
        path: path, line: line, reason: "\(fields.count) fields, expected 3 (emotion,pixels,Usage)")
    }
    let emotionText = fields[0].trimmingCharacters(in: .whitespaces)
    guard let label = Int(emotionText), (0..<7).contains(label) else {
      throw FaceDataError.badCSVRow(
        path: path, line: line, reason: "emotion \"\(emotionText)\" is not a label 0 to 6")
    }
    let usageText = fields[2].trimmingCharacters(in: .whitespaces)
    guard let usage = FER2013Usage(rawValue: usageText) else {
      throw FaceDataError.badCSVRow(
        path: path, line: line,
        reason: "usage \"\(usageText)\" is not Training, PublicTest or PrivateTest")
    }
    let pixels = try parsePixels(fields[1], path: path, line: line)
    let side = sourceSize
    return (label, PixelImage(width: side, height: side, channels: 1, bytes: pixels), usage)
  }

  /// Space-separated values 0 to 255, exactly 48 * 48 of them.
  private static func parsePixels(_ field: Substring, path: String, line: Int) throws -> [UInt8] {
    var values: [UInt8] = []
    values.reserveCapacity(sourceSize * sourceSize)
    for token in field.split(separator: " ") {
      guard let value = UInt8(token) else {
        throw FaceDataError.badCSVRow(
          path: path, line: line, reason: "pixel value \"\(token)\" is not an integer 0 to 255")
      }
      values.append(value)
    }
    guard values.count == sourceSize * sourceSize else {
      throw FaceDataError.wrongPixelCount(
        path: path, line: line, found: values.count, expected: sourceSize * sourceSize)
    }
    return values
  }
}
