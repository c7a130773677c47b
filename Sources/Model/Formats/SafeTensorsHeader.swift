import Foundation

/// The parsed and validated JSON header of a safetensors file.
///
/// Validation bounds everything a reader later trusts: every entry's shape is overflow-free,
/// its byte range lies inside the data buffer and matches its shape and type, and no two
/// entries share bytes.
struct SafeTensorsHeader {
  /// The entries in data-buffer order.
  let entries: [SafeTensorsEntry]
  /// The `__metadata__` map, empty when absent.
  let metadata: [String: String]

  /// Parses `json`, the header bytes of `file`, whose data buffer has `bufferSize` bytes.
  init(json: Data, file: String, bufferSize: Int) throws {
    let object: Any
    do {
      object = try JSONSerialization.jsonObject(with: json, options: [])
    } catch {
      throw SafeTensorsError.malformedHeader(file: file, reason: "not valid JSON")
    }
    guard let root = object as? [String: Any] else {
      throw SafeTensorsError.malformedHeader(file: file, reason: "not a JSON object")
    }
    var metadata: [String: String] = [:]
    var entries: [SafeTensorsEntry] = []
    for (key, value) in root {
      if key == SafeTensorsName.metadataKey {
        guard let map = value as? [String: String] else {
          throw SafeTensorsError.malformedHeader(
            file: file, reason: "__metadata__ is not a map of strings to strings")
        }
        metadata = map
      } else {
        entries.append(
          try Self.entry(name: key, value: value, file: file, bufferSize: bufferSize))
      }
    }
    entries.sort {
      ($0.byteRange.lowerBound, $0.byteRange.upperBound, $0.name) < (
        $1.byteRange.lowerBound, $1.byteRange.upperBound, $1.name
      )
    }
    try Self.checkDisjoint(entries, file: file)
    self.entries = entries
    self.metadata = metadata
  }

  /// Validates one header entry.
  private static func entry(name: String, value: Any, file: String, bufferSize: Int) throws
    -> SafeTensorsEntry
  {
    func malformed(_ reason: String) -> SafeTensorsError {
      .malformedEntry(file: file, tensor: name, reason: reason)
    }
    guard let fields = value as? [String: Any] else { throw malformed("entry is not an object") }
    guard let typeName = fields["dtype"] as? String else { throw malformed("dtype is missing") }
    guard let dataType = SafeTensorsDataType(rawValue: typeName) else {
      throw SafeTensorsError.unknownDataType(file: file, tensor: name, dataType: typeName)
    }
    guard let shape = integers(fields["shape"]), shape.allSatisfy({ $0 >= 0 }) else {
      throw malformed("shape is not a list of non-negative integers")
    }
    guard let offsets = integers(fields["data_offsets"]), offsets.count == 2 else {
      throw malformed("data_offsets is not a pair of integers")
    }
    let (begin, end) = (offsets[0], offsets[1])
    guard begin >= 0, end >= begin, end <= bufferSize else {
      throw SafeTensorsError.offsetsOutOfRange(
        file: file, tensor: name, begin: begin, end: end, bufferSize: bufferSize)
    }
    var count = 1
    for dimension in shape {
      let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
      guard !overflow else {
        throw SafeTensorsError.shapeOverflow(file: file, tensor: name, shape: shape)
      }
      count = product
    }
    let (bytes, overflow) = count.multipliedReportingOverflow(by: dataType.byteCount)
    guard !overflow else {
      throw SafeTensorsError.shapeOverflow(file: file, tensor: name, shape: shape)
    }
    guard bytes == end - begin else {
      throw SafeTensorsError.sizeMismatch(
        file: file, tensor: name, expectedBytes: bytes, actualBytes: end - begin)
    }
    return SafeTensorsEntry(
      name: name, dataType: dataType, shape: shape, elementCount: count,
      byteRange: begin..<end)
  }

  /// Reads a JSON array of integers; fractional, boolean or out-of-range numbers fail.
  private static func integers(_ value: Any?) -> [Int]? {
    guard let list = value as? [Any] else { return nil }
    var result: [Int] = []
    result.reserveCapacity(list.count)
    for element in list {
      // JSON `true` arrives as a number of Objective-C type "c"; a shape of booleans is
      // malformed rather than a shape of ones.
      guard let number = element as? NSNumber, String(cString: number.objCType) != "c",
        let integer = element as? Int
      else { return nil }
      result.append(integer)
    }
    return result
  }

  /// Throws unless the entries, sorted by start, occupy disjoint byte ranges.
  private static func checkDisjoint(_ entries: [SafeTensorsEntry], file: String) throws {
    var previous: SafeTensorsEntry?
    for entry in entries where !entry.byteRange.isEmpty {
      if let last = previous, entry.byteRange.lowerBound < last.byteRange.upperBound {
        throw SafeTensorsError.overlappingTensors(file: file, first: last.name, second: entry.name)
      }
      previous = entry
    }
  }
}
