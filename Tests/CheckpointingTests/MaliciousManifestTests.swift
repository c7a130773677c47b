import Checkpointing
import Foundation
import XCTest

/// Manifests and shards from an untrusted source: each forged file must be rejected with a
/// typed error before anything outside the checkpoint is touched or much memory allocated.
final class MaliciousManifestTests: XCTestCase {
  private var run: TemporaryDirectory!
  private var directory: URL!

  override func setUpWithError() throws {
    run = try TemporaryDirectory()
    let state = SyntheticState.make(blocksPerNetwork: 2)
    directory = try save(state, run: run.url, ranks: 2).directory
  }

  /// XCTest keeps every test case object until the suite ends; releasing the directory here
  /// removes it now.
  override func tearDown() {
    run = nil
    directory = nil
  }

  func testShardNamesOutsideTheDirectoryAreRejected() throws {
    for name in ["../x", "/etc/passwd", "shard-00000-of-00002.safetensors/../../x"] {
      try forge { $0.shards[0]["file"] = name }
      expectManifestError { error in
        guard case CheckpointError.unsafeShardName(_, let rejected) = error else { return false }
        return rejected == name
      }
      try forge { $0.tensors[0]["shard"] = name }
      expectManifestError {
        if case CheckpointError.unsafeShardName = $0 { return true }
        return false
      }
    }
  }

  func testTensorNamesThatArePathsOrUnprintableAreRejected() throws {
    for name in [
      "encoder/blocks", "../../etc", "encoder..x", "a\u{7}b", String(repeating: "a", count: 2000),
      "",
    ] {
      try forge { $0.tensors[3]["name"] = name }
      expectManifestError {
        if case CheckpointError.invalidName = $0 { return true }
        return false
      }
    }
    try forge { $0.root["scalars"] = ["optimizer/step": 1] }
    expectManifestError {
      if case CheckpointError.invalidName = $0 { return true }
      return false
    }
  }

  func testByteRangesBeyondTheShardAreRejected() throws {
    try forge { manifest in
      let size = manifest.shards[0]["bytes"] as! Int
      manifest.tensors[manifest.firstTensor(inShard: 0)]["shape"] = [4]
      manifest.tensors[manifest.firstTensor(inShard: 0)]["byte_range"] = [size - 8, size + 8]
    }
    expectManifestError {
      if case CheckpointError.invalidByteRange = $0 { return true }
      return false
    }
    try forge { manifest in
      let size = manifest.shards[0]["bytes"] as! Int
      manifest.shards[0]["bytes"] = size + 4096
    }
    expectLoadError {
      if case CheckpointError.shardSizeMismatch = $0 { return true }
      return false
    }
  }

  func testHugeShapesAreRejectedBeforeAllocating() throws {
    for shape in [[1 << 40, 1 << 40], [Int.max], [-4, -4], [1 << 30]] {
      try forge { manifest in
        let index = manifest.firstTensor(inShard: 1)
        manifest.tensors[index]["shape"] = shape
        manifest.tensors[index]["byte_range"] = [0, 1 << 32]
      }
      expectManifestError {
        if case CheckpointError.invalidByteRange = $0 { return true }
        return false
      }
    }
  }

  func testOverlappingRangesAreRejected() throws {
    try forge { manifest in
      let first = manifest.firstTensor(inShard: 0)
      let second = manifest.tensors.indices.last {
        manifest.tensors[$0]["shard"] as? String
          == manifest.tensors[first]["shard"] as? String
      }!
      for key in ["shape", "byte_range"] {
        manifest.tensors[second][key] = manifest.tensors[first][key]
      }
    }
    expectManifestError {
      if case CheckpointError.overlappingTensors = $0 { return true }
      return false
    }
  }

  /// A manifest that agrees with itself but not with the shard's own header: the shapes of a
  /// matrix swapped, which keeps the byte count.
  func testManifestDisagreeingWithTheShardHeaderIsRejected() throws {
    let manifest = try CheckpointManifest.read(directory: directory)
    let index = manifest.tensors.firstIndex { $0.name == "encoder.fc.weight" }!
    try forge { $0.tensors[index]["shape"] = [33, 17] }
    expectLoadError {
      if case CheckpointError.headerMismatch(_, "encoder.fc.weight", _) = $0 { return true }
      return false
    }
  }

  /// A tensor dropped from the manifest is still in its shard's header.
  func testShardHoldingTensorsTheManifestOmitsIsRejected() throws {
    try forge { $0.tensors.removeLast() }
    expectLoadError {
      if case CheckpointError.headerMismatch = $0 { return true }
      return false
    }
  }

  func testHugeOrNonJSONManifestsAreRejected() throws {
    let url = directory.appendingPathComponent(CheckpointManifest.fileName)
    let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
    for text in ["not json", "[1, 2, 3]", "{\"format\": \"fesgan-checkpoint\"}", "{", "", deep] {
      try Data(text.utf8).write(to: url)
      expectManifestError {
        if case CheckpointError.malformedManifest = $0 { return true }
        return false
      }
    }
    let handle = try FileHandle(forWritingTo: url)
    try handle.truncate(atOffset: UInt64(CheckpointManifest.sizeLimit + 1))
    try handle.close()
    expectManifestError {
      if case CheckpointError.manifestTooLarge = $0 { return true }
      return false
    }
  }

  func testOtherVersionsAndDuplicatesAreRejected() throws {
    try forge { $0.root["format_version"] = 99 }
    expectManifestError {
      if case CheckpointError.unsupportedVersion(_, 99) = $0 { return true }
      return false
    }
    try forge { $0.tensors[1]["name"] = $0.tensors[0]["name"] }
    expectManifestError {
      if case CheckpointError.malformedManifest = $0 { return true }
      return false
    }
  }

  /// A shard replaced by a link to a file elsewhere is refused, not followed.
  func testLinkedShardsAreNotFollowed() throws {
    let shard = directory.appendingPathComponent("shard-00000-of-00002.safetensors")
    let elsewhere = run.url.appendingPathComponent("elsewhere.safetensors")
    try FileManager.default.moveItem(at: shard, to: elsewhere)
    try FileManager.default.createSymbolicLink(at: shard, withDestinationURL: elsewhere)
    expectLoadError {
      if case CheckpointError.unreadable(let file, _) = $0 { return file == shard.path }
      return false
    }
  }

  // MARK: helpers

  /// The manifest as mutable JSON, with the arrays lifted out for editing.
  private struct EditableManifest {
    var root: [String: Any]
    var shards: [[String: Any]]
    var tensors: [[String: Any]]

    func firstTensor(inShard index: Int) -> Int {
      let file = shards[index]["file"] as! String
      return tensors.firstIndex { $0["shard"] as? String == file }!
    }
  }

  /// Rewrites the manifest after `edit`, starting each time from the checkpoint as saved.
  private func forge(_ edit: (inout EditableManifest) -> Void) throws {
    let url = directory.appendingPathComponent(CheckpointManifest.fileName)
    let original = directory.appendingPathComponent("original.json")
    if !FileManager.default.fileExists(atPath: original.path) {
      try FileManager.default.copyItem(at: url, to: original)
    }
    let root = try JSONSerialization.jsonObject(with: Data(contentsOf: original)) as! [String: Any]
    var manifest = EditableManifest(
      root: root, shards: root["shards"] as! [[String: Any]],
      tensors: root["tensors"] as! [[String: Any]])
    edit(&manifest)
    manifest.root["shards"] = manifest.shards
    manifest.root["tensors"] = manifest.tensors
    try JSONSerialization.data(withJSONObject: manifest.root).write(to: url)
  }

  private func expectManifestError(
    file: StaticString = #filePath, line: UInt = #line, _ matches: (Error) -> Bool
  ) {
    XCTAssertThrowsError(try CheckpointManifest.read(directory: directory), file: file, line: line)
    { error in
      XCTAssertTrue(matches(error), "unexpected error: \(error)", file: file, line: line)
      XCTAssertTrue("\(error)".contains(self.directory.path), "\(error)", file: file, line: line)
    }
    expectLoadError(file: file, line: line, matches)
  }

  private func expectLoadError(
    file: StaticString = #filePath, line: UInt = #line, _ matches: (Error) -> Bool
  ) {
    XCTAssertThrowsError(try load(directory, ranks: 1), file: file, line: line) { error in
      XCTAssertTrue(matches(rootCause(error)), "unexpected error: \(error)", file: file, line: line)
    }
  }
}
