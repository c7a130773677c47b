import Foundation

/// The checkpoints of one run: `RUN/checkpoints/step-NNNNNNNN/`, the `.partial` directories of
/// saves in progress or interrupted, and the `latest` file naming the newest one saved.
public struct CheckpointDirectory: Sendable {
  /// `RUN/checkpoints`.
  public let url: URL

  /// The checkpoints of the run in `runDirectory`.
  public init(runDirectory: URL) {
    url = runDirectory.appendingPathComponent("checkpoints", isDirectory: true)
  }

  private init(url: URL) {
    self.url = url
  }

  /// The checkpoint `latest` names when `path` is that file of a run (`RUN/checkpoints/latest`,
  /// the path people reach for), otherwise `path` itself.
  public static func resolvingLatest(_ path: URL) -> URL {
    let checkpoints = CheckpointDirectory(url: path.deletingLastPathComponent())
    guard path.lastPathComponent == checkpoints.latestFile.lastPathComponent,
      let name = checkpoints.latestName()
    else { return path }
    return checkpoints.url.appendingPathComponent(name, isDirectory: true)
  }

  /// The file holding the name of the newest checkpoint saved.
  public var latestFile: URL { url.appendingPathComponent("latest") }

  /// The suffix of a directory being written; it never counts as a checkpoint.
  public static let partialSuffix = ".partial"

  /// `step-NNNNNNNN`: eight digits, more for steps past 99,999,999.
  public static func name(step: Int) -> String {
    precondition(step >= 0, "a step is not negative")
    let digits = String(step)
    return "step-" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
  }

  /// The step a directory name `step-NNNNNNNN` stands for; nil for anything else, including
  /// `.partial` directories.
  public static func step(ofName name: String) -> Int? {
    guard name.hasPrefix("step-") else { return nil }
    let digits = name.dropFirst("step-".count)
    guard digits.count >= 8, digits.count <= 18, digits.utf8.allSatisfy({ (48...57).contains($0) })
    else { return nil }
    return Int(digits)
  }

  /// The directory of the checkpoint at `step`.
  public func directory(step: Int) -> URL {
    url.appendingPathComponent(Self.name(step: step), isDirectory: true)
  }

  /// Every directory that is or may become a checkpoint, oldest step first (a partial after
  /// the complete one of the same step). Empty when the run has no checkpoints directory.
  public func entries() throws -> [CheckpointDirectoryEntry] {
    guard FileManager.default.fileExists(atPath: url.path) else { return [] }
    let names: [String]
    do {
      names = try FileManager.default.contentsOfDirectory(atPath: url.path)
    } catch {
      throw CheckpointError.unreadable(file: url.path, reason: error.localizedDescription)
    }
    let entries = names.compactMap { name -> CheckpointDirectoryEntry? in
      let isPartial = name.hasSuffix(Self.partialSuffix)
      let stem = isPartial ? String(name.dropLast(Self.partialSuffix.count)) : name
      guard let step = Self.step(ofName: stem) else { return nil }
      let directory = url.appendingPathComponent(name, isDirectory: true)
      let manifest = directory.appendingPathComponent(CheckpointManifest.fileName)
      return CheckpointDirectoryEntry(
        name: name, url: directory, step: step,
        isComplete: !isPartial && FileManager.default.fileExists(atPath: manifest.path))
    }
    return entries.sorted { ($0.step, $0.name) < ($1.step, $1.name) }
  }

  /// The complete checkpoints, newest first.
  public func completeCheckpoints() throws -> [CheckpointDirectoryEntry] {
    try entries().filter(\.isComplete).reversed()
  }

  /// The checkpoint name `latest` holds, nil when the file is absent or holds anything other
  /// than a checkpoint name (it is only a pointer; loading `auto` does not depend on it).
  public func latestName() -> String? {
    guard let size = try? DurableFiles.regularFileSize(latestFile), size <= 64,
      let text = try? String(contentsOf: latestFile, encoding: .utf8)
    else { return nil }
    let name = text.trimmingCharacters(in: .whitespacesAndNewlines)
    return Self.step(ofName: name) == nil ? nil : name
  }

  /// Points `latest` at the checkpoint called `name`, atomically.
  func setLatest(_ name: String) throws {
    try DurableFiles.replace(latestFile, with: Data((name + "\n").utf8))
  }

  /// Removes complete checkpoints beyond the newest `keep`, never `protected` (the one just
  /// written) and never a `.partial` directory, which may belong to a save in progress.
  /// Returns the names removed.
  func prune(keep: Int, protected: String) throws -> [String] {
    precondition(keep >= 1, "pruning keeps at least one checkpoint")
    let complete = try completeCheckpoints()
    var removed: [String] = []
    for entry in complete.dropFirst(keep) where entry.name != protected {
      try DurableFiles.remove(entry.url)
      removed.append(entry.name)
    }
    if !removed.isEmpty { try DurableFiles.synchronize(directory: url) }
    return removed
  }
}

/// One directory under `RUN/checkpoints` named like a checkpoint.
public struct CheckpointDirectoryEntry: Sendable, Equatable {
  /// The directory name, `step-NNNNNNNN` or `step-NNNNNNNN.partial`.
  public let name: String
  /// The directory.
  public let url: URL
  /// The step in the name.
  public let step: Int
  /// True when it is not partial and holds a manifest: a finished save. Its shards may still
  /// be corrupt; loading verifies them.
  public let isComplete: Bool
}
