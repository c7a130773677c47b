import FaceData
import Foundation

/// `disttrain data synth|preview|throughput`: the embedded SynthFaces data set as files, and
/// the speed of the data paths.
enum DataCommand: Command {
  static let name = "data"
  static let summary = "write SynthFaces as an image folder or a preview; measure data loading"
  static let help = """
    usage: disttrain data synth --out DIR [SET OPTIONS]
           disttrain data preview --out FILE.png [SET OPTIONS] [--subjects N]
           disttrain data throughput [--directory DIR]

      synth        writes DIR/train and DIR/test, one folder per expression, PNG files named
                   SUBJECT_expression_NNN.png (subject-independent: no subject in both); the
                   trainer reads it back with --data folder:DIR
      preview      a PNG grid of training subjects (rows) by expressions (columns)
      throughput   images/s of PNG and JPEG decoding with resizing to 128x128, and of
                   SynthFaces rendering, on one thread

    set options: --image-size S [64]  --channels C [3]  --training-subjects N [24]
                 --test-subjects N [8]  --images-per-expression N [4]  --neutral  --seed N [1]
    """

  static func run(_ arguments: inout Arguments, job: Job) throws {
    let action = arguments.positional()
    if action == "throughput" {
      let directory =
        try arguments.option("--directory") ?? NSTemporaryDirectory() + "disttrain-throughput"
      try arguments.finish()
      try job.onRankZero {
        job.console.info(try ThroughputBenchmark.measure(directory: directory).description)
      }
      return
    }
    guard action == "synth" || action == "preview" else {
      throw UsageError(
        "disttrain data: expected synth, preview or throughput, got \(action ?? "nothing")")
    }
    guard let output = try arguments.option("--out") else {
      throw UsageError("disttrain data \(action!): --out is required (where to write)")
    }
    let size = try arguments.integer("--image-size", minimum: 8) ?? 64
    let channels =
      try arguments.option("--channels", expected: "1 or 3") {
        Int($0).flatMap { [1, 3].contains($0) ? $0 : nil }
      } ?? 3
    let trainingSubjects = try arguments.integer("--training-subjects", minimum: 1) ?? 24
    let testSubjects = try arguments.integer("--test-subjects", minimum: 1) ?? 8
    let perExpression = try arguments.integer("--images-per-expression", minimum: 1) ?? 4
    let seed = try arguments.integer("--seed", minimum: 0) ?? 1
    let subjects = try arguments.integer("--subjects", minimum: 1) ?? 8
    let neutral = arguments.flag("--neutral")
    try arguments.finish()
    let (training, test) = SynthFaces.split(
      seed: UInt64(seed), trainingSubjects: trainingSubjects, testSubjects: testSubjects,
      imagesPerExpression: perExpression, imageSize: size, channels: channels,
      expressions: neutral ? .ouluCASIAWithNeutral : .ouluCASIA)
    try job.onRankZero {
      if action == "preview" {
        try training.writePreview(toFile: output, subjectLimit: subjects)
        job.console.info(
          "wrote \(output): \(min(subjects, trainingSubjects)) subjects by"
            + " \(training.expressions.count) expressions at \(size)x\(size)")
      } else {
        for summary in try SynthFaces.writeSplitFolders(training: training, test: test, to: output)
        {
          job.console.info(summary.description)
        }
        job.console.info("train with: disttrain train --data folder:\(output)")
      }
    }
  }
}
