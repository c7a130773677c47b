import Foundation

/// A labelled set of square face images, addressed by index `0..<count`.
///
/// Sources are immutable and safe to read from several threads: the prefetcher reads one
/// while the trainer reads another.
public protocol FaceImageSource: Sendable {
  /// The number of images.
  var count: Int { get }
  /// The side S of every image, in pixels.
  var imageSize: Int { get }
  /// C: 1 (gray) or 3 (RGB).
  var channels: Int { get }
  /// The label space; labels are `0..<expressions.count`.
  var expressions: ExpressionSet { get }
  /// The names of the subjects; subject ids are `0..<subjectNames.count`.
  var subjectNames: [String] { get }
  /// The expression label of image `index`.
  func label(at index: Int) -> Int
  /// The subject id of image `index`.
  func subject(at index: Int) -> Int
  /// Image `index` as an S x S image with C channels.
  func image(at index: Int) -> PixelImage
}

extension FaceImageSource {
  /// C * S * S, the number of floats of one image.
  public var floatsPerImage: Int { channels * imageSize * imageSize }

  /// Writes image `index` as floats in [-1, 1], (C, S, S) channel-major, to `destination`.
  public func writeImage(at index: Int, into destination: UnsafeMutablePointer<Float>) {
    image(at: index).writePlanarFloats(into: destination)
  }

  /// The indices of the images of each label: `result[label]` in increasing order.
  public func indicesByLabel() -> [[Int]] {
    var result = [[Int]](repeating: [], count: expressions.count)
    for index in 0..<count { result[label(at: index)].append(index) }
    return result
  }
}

/// Face images held in memory, as the folder and CSV loaders produce them (or as a cache of
/// rendered synthetic faces).
public struct FaceImageCollection: FaceImageSource {
  /// The side S of every image, in pixels.
  public let imageSize: Int
  /// C: 1 (gray) or 3 (RGB).
  public let channels: Int
  /// The label space.
  public let expressions: ExpressionSet
  /// The names of the subjects, indexed by subject id.
  public let subjectNames: [String]
  /// Every image's bytes, image after image, each S x S x C interleaved.
  public let pixels: [UInt8]
  /// The label of each image.
  public let labels: [Int]
  /// The subject id of each image.
  public let subjects: [Int]
  /// Where each image came from (a file path or "file:line"), for messages.
  public let origins: [String]

  /// A collection from parallel arrays; every image is `imageSize` square with `channels`.
  public init(
    imageSize: Int, channels: Int, expressions: ExpressionSet, subjectNames: [String],
    pixels: [UInt8], labels: [Int], subjects: [Int], origins: [String]
  ) {
    let count = labels.count
    precondition(pixels.count == count * imageSize * imageSize * channels, "pixel count")
    precondition(subjects.count == count && origins.count == count, "parallel array lengths")
    precondition(labels.allSatisfy { (0..<expressions.count).contains($0) }, "label range")
    precondition(subjects.allSatisfy { (0..<subjectNames.count).contains($0) }, "subject range")
    self.imageSize = imageSize
    self.channels = channels
    self.expressions = expressions
    self.subjectNames = subjectNames
    self.pixels = pixels
    self.labels = labels
    self.subjects = subjects
    self.origins = origins
  }

  /// Renders or copies every image of `source` into memory, on all cores (rendering large
  /// synthetic sets is the slow part of starting a run).
  public init(copying source: some FaceImageSource) {
    let size = source.imageSize * source.imageSize * source.channels
    var pixels = [UInt8](repeating: 0, count: source.count * size)
    let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
    pixels.withUnsafeMutableBufferPointer { buffer in
      let destination = SendablePointer(address: buffer.baseAddress)
      // Each worker fills a disjoint range of images, so the writes never overlap.
      DispatchQueue.concurrentPerform(iterations: workers) { worker in
        for index in stride(from: worker, to: source.count, by: workers) {
          let bytes = source.image(at: index).bytes
          bytes.withUnsafeBufferPointer {
            (destination.address! + index * size).update(from: $0.baseAddress!, count: size)
          }
        }
      }
    }
    self.init(
      imageSize: source.imageSize, channels: source.channels, expressions: source.expressions,
      subjectNames: source.subjectNames, pixels: pixels,
      labels: (0..<source.count).map(source.label(at:)),
      subjects: (0..<source.count).map(source.subject(at:)),
      origins: (0..<source.count).map { "image \($0)" })
  }

  /// The number of images.
  public var count: Int { labels.count }
  /// The expression label of image `index`.
  public func label(at index: Int) -> Int { labels[index] }
  /// The subject id of image `index`.
  public func subject(at index: Int) -> Int { subjects[index] }

  /// Image `index`, S x S with C channels.
  public func image(at index: Int) -> PixelImage {
    let size = imageSize * imageSize * channels
    return PixelImage(
      width: imageSize, height: imageSize, channels: channels,
      bytes: Array(pixels[(index * size)..<((index + 1) * size)]))
  }
}

/// A raw pointer handed to worker threads that write disjoint parts of its memory.
private struct SendablePointer: @unchecked Sendable {
  let address: UnsafeMutablePointer<UInt8>?
}
