import Foundation

/// A safetensors file opened for reading: its validated header and its bytes.
///
/// Layout: an 8-byte little-endian header length N, N bytes of JSON header, then the data
/// buffer that the header's `data_offsets` index into. Opening validates the whole header, so
/// every later read is in bounds. Values are read as `Float` or `Double` from F32 or F64
/// tensors in either direction; other element types are recognised but rejected on read.
public struct SafeTensorsFile {
  /// The largest header accepted; real headers are a few hundred kilobytes at most.
  public static let headerLimit = 100 << 20

  /// The file's path, or the name given for in-memory contents; used in error messages.
  public let path: String
  /// The `__metadata__` map of the header, empty when absent.
  public let metadata: [String: String]
  /// Every tensor, in data-buffer order.
  public let entries: [SafeTensorsEntry]

  private let indexByName: [String: Int]
  private let contents: Data
  private let dataStart: Int

  /// Opens `url`, memory-mapped when `mapped` (the default, so a gigabyte checkpoint is paged
  /// in only as it is read) or read whole otherwise.
  public init(contentsOf url: URL, mapped: Bool = true) throws {
    let data: Data
    do {
      data = try Data(contentsOf: url, options: mapped ? [.alwaysMapped] : [])
    } catch {
      throw SafeTensorsError.unreadable(file: url.path, reason: error.localizedDescription)
    }
    try self.init(data: data, name: url.path)
  }

  /// Parses in-memory `data`; `name` stands for the file in error messages.
  public init(data: Data, name: String) throws {
    let contents = data.startIndex == 0 ? data : Data(data)
    guard contents.count >= 8 else {
      throw SafeTensorsError.truncated(file: name, size: contents.count)
    }
    let headerLength = contents.withUnsafeBytes {
      UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: 0, as: UInt64.self))
    }
    guard headerLength <= UInt64(Self.headerLimit) else {
      throw SafeTensorsError.headerTooLarge(
        file: name, headerLength: headerLength, limit: Self.headerLimit)
    }
    guard headerLength <= UInt64(contents.count - 8) else {
      throw SafeTensorsError.headerBeyondFile(
        file: name, headerLength: headerLength, fileSize: contents.count)
    }
    let dataStart = 8 + Int(headerLength)
    let header = try SafeTensorsHeader(
      json: contents.subdata(in: 8..<dataStart), file: name,
      bufferSize: contents.count - dataStart)
    self.path = name
    self.metadata = header.metadata
    self.entries = header.entries
    self.indexByName = Dictionary(
      uniqueKeysWithValues: header.entries.enumerated().map { ($1.name, $0) })
    self.contents = contents
    self.dataStart = dataStart
  }

  /// The tensor names, in data-buffer order.
  public var names: [String] { entries.map(\.name) }

  /// Whether the file holds a tensor called `name`.
  public func contains(_ name: String) -> Bool { indexByName[name] != nil }

  /// The header entry of `name`; throws `missingTensor` when absent.
  public func entry(_ name: String) throws -> SafeTensorsEntry {
    guard let index = indexByName[name] else {
      throw SafeTensorsError.missingTensor(file: path, tensor: name)
    }
    return entries[index]
  }

  /// The shape of `name`.
  public func shape(_ name: String) throws -> [Int] { try entry(name).shape }

  /// The values of `name` as `Float`, row-major; F64 values are rounded to nearest.
  public func floats(_ name: String) throws -> [Float] {
    let entry = try entry(name)
    switch entry.dataType {
    case .float32: return copy(entry, as: Float.self)
    case .float64: return read(entry, as: UInt64.self) { Float(Double(bitPattern: $0)) }
    default: throw unsupported(entry)
    }
  }

  /// The values of `name` as `Double`, row-major; F32 values are widened exactly.
  public func doubles(_ name: String) throws -> [Double] {
    let entry = try entry(name)
    switch entry.dataType {
    case .float32: return read(entry, as: UInt32.self) { Double(Float(bitPattern: $0)) }
    case .float64: return copy(entry, as: Double.self)
    default: throw unsupported(entry)
    }
  }

  private func unsupported(_ entry: SafeTensorsEntry) -> SafeTensorsError {
    .unsupportedDataType(file: path, tensor: entry.name, dataType: entry.dataType.rawValue)
  }

  /// The values of `entry` in their stored type: a plain copy of the bytes on little-endian
  /// hosts, the common case and much faster than decoding word by word.
  private func copy<Value: BinaryFloatingPoint>(_ entry: SafeTensorsEntry, as type: Value.Type)
    -> [Value]
  {
    #if _endian(little)
      precondition(entry.byteRange.count == entry.elementCount * MemoryLayout<Value>.stride)
      let start = dataStart + entry.byteRange.lowerBound
      return contents.withUnsafeBytes { raw in
        [Value](unsafeUninitializedCapacity: entry.elementCount) { buffer, initialized in
          UnsafeMutableRawBufferPointer(buffer).copyMemory(
            from: UnsafeRawBufferPointer(rebasing: raw[start..<(start + entry.byteRange.count)]))
          initialized = entry.elementCount
        }
      }
    #else
      if Value.self == Float.self {
        return read(entry, as: UInt32.self) { Value(Float(bitPattern: $0)) }
      }
      return read(entry, as: UInt64.self) { Value(Double(bitPattern: $0)) }
    #endif
  }

  /// Decodes the little-endian words of `entry` through `convert`. The bytes were bounded
  /// when the header was validated; offsets need not be aligned, hence unaligned loads.
  private func read<Word: FixedWidthInteger, Value>(
    _ entry: SafeTensorsEntry, as word: Word.Type, _ convert: (Word) -> Value
  ) -> [Value] {
    precondition(entry.byteRange.count == entry.elementCount * MemoryLayout<Word>.size)
    let start = dataStart + entry.byteRange.lowerBound
    return contents.withUnsafeBytes { raw in
      [Value](unsafeUninitializedCapacity: entry.elementCount) { buffer, initialized in
        for index in 0..<entry.elementCount {
          let bits = raw.loadUnaligned(
            fromByteOffset: start + index * MemoryLayout<Word>.size, as: Word.self)
          (buffer.baseAddress! + index).initialize(to: convert(Word(littleEndian: bits)))
        }
        initialized = entry.elementCount
      }
    }
  }
}
