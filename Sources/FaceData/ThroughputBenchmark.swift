import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Images per second of the data paths the trainer can take, measured on this machine.
public struct ThroughputReport: Sendable, CustomStringConvertible {
  /// One measured rate.
  public struct Rate: Sendable {
    /// What was measured.
    public let name: String
    /// Images processed.
    public let images: Int
    /// Wall-clock seconds they took.
    public let seconds: Double
    /// CPU seconds of the measuring thread; unlike wall time it does not grow when other
    /// processes share the cores.
    public let cpuSeconds: Double
    /// images / seconds.
    public var imagesPerSecond: Double { Double(images) / seconds }
    /// images / CPU seconds: the rate of one dedicated core.
    public var imagesPerCPUSecond: Double { Double(images) / cpuSeconds }
  }

  /// The rates, in measurement order.
  public let rates: [Rate]

  /// One line per rate.
  public var description: String {
    rates.map { rate in
      let perSecond = String(format: "%.0f", rate.imagesPerSecond)
      let perCPUSecond = String(format: "%.0f", rate.imagesPerCPUSecond)
      return "\(rate.name): \(perSecond) images/s wall, \(perCPUSecond) images/s of CPU "
        + "(\(rate.images) in " + String(format: "%.2f", rate.seconds) + " s)"
    }.joined(separator: "\n")
  }
}

/// Single-thread measurements of decoding, resizing and rendering speed.
public enum ThroughputBenchmark {
  /// Measures, each for about `seconds`:
  /// PNG and JPEG decode plus area resize from `sourceSize` to `targetSize` (files written to
  /// `directory` first, RGB synthetic faces), and synthetic face rendering at 64 and 128
  /// pixels, RGB.
  ///
  /// - Throws: `ImageFileError` when the sample files cannot be written or read back.
  public static func measure(
    directory: String, sourceSize: Int = 256, targetSize: Int = 128, fileCount: Int = 16,
    seconds: Double = 1
  ) throws -> ThroughputReport {
    precondition(fileCount > 0 && seconds > 0, "a measurement needs files and time")
    try FaceDataError.createFolder(directory)
    var pngFiles: [String] = []
    var jpegFiles: [String] = []
    for index in 0..<fileCount {
      let image = SynthFaces.render(
        seed: 1, subject: index, expression: ExpressionClass.allCases[index % 8], index: 0,
        imageSize: sourceSize, channels: 3)
      let base = (directory as NSString).appendingPathComponent("throughput-\(index)")
      try image.writePNG(toFile: base + ".png")
      try image.writeJPEG(toFile: base + ".jpg", quality: 90)
      pngFiles.append(base + ".png")
      jpegFiles.append(base + ".jpg")
    }
    let decodeName = "decode + resize \(sourceSize)->\(targetSize)"
    let rates = [
      try time("PNG " + decodeName, seconds: seconds) { i in
        _ = try PixelImage(contentsOfFile: pngFiles[i % fileCount]).squared(size: targetSize)
      },
      try time("JPEG " + decodeName, seconds: seconds) { i in
        _ = try PixelImage(contentsOfFile: jpegFiles[i % fileCount]).squared(size: targetSize)
      },
      renderRate(size: 64, seconds: seconds),
      renderRate(size: 128, seconds: seconds),
    ]
    return ThroughputReport(rates: rates)
  }

  private static func renderRate(size: Int, seconds: Double) -> ThroughputReport.Rate {
    time("SynthFaces render \(size)x\(size) RGB", seconds: seconds) { i in
      _ = SynthFaces.render(
        seed: 2, subject: i % 97, expression: ExpressionClass.allCases[i % 8], index: i,
        imageSize: size, channels: 3)
    }
  }

  /// Runs `work(0), work(1), ...` until `seconds` have passed.
  private static func time(_ name: String, seconds: Double, _ work: (Int) throws -> Void) rethrows
    -> ThroughputReport.Rate
  {
    let start = DispatchTime.now().uptimeNanoseconds
    let cpuStart = threadCPUSeconds()
    var count = 0
    var elapsed = 0.0
    repeat {
      try work(count)
      count += 1
      elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    } while elapsed < seconds
    return ThroughputReport.Rate(
      name: name, images: count, seconds: elapsed, cpuSeconds: threadCPUSeconds() - cpuStart)
  }

  /// The CPU time the calling thread has used.
  private static func threadCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
  }
}
