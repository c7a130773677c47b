import Foundation

extension TrainingOptions {
  /// The options of a run: the preset (from `--preset`, else the configuration file's, else
  /// demo), then the JSON file of `--config`, then every other option on the command line.
  public static func resolve(_ arguments: inout Arguments) throws -> TrainingOptions {
    let presetName = try arguments.option("--preset")
    let file = try arguments.option("--config")
    let values = try file.map(readConfigurationFile) ?? [:]
    guard let preset = TrainingPreset(rawValue: presetName ?? values["preset"] ?? "demo") else {
      throw UsageError(
        "preset '\(presetName ?? values["preset"] ?? "")' is unknown; use demo or paper")
    }
    var options = preset.options
    for field in OptionTable.fields where field.key != "preset" {
      if let text = values[field.key] {
        try options.set(field, text, source: "configuration file \(file ?? "")")
      }
    }
    for field in OptionTable.fields where field.key != "preset" {
      if field.isFlag {
        if arguments.flag("--" + field.key) { _ = field.write(&options, "true") }
      } else if let text = try arguments.option("--" + field.key) {
        try options.set(field, text, source: arguments.command)
      }
    }
    return options
  }

  private mutating func set(_ field: OptionField, _ text: String, source: String) throws {
    guard field.write(&self, text) else {
      throw UsageError("\(source): option \(field.key) got '\(text)', expected \(field.expected)")
    }
  }

  /// The key-value pairs of a JSON configuration file, values as text.
  static func readConfigurationFile(_ path: String) throws -> [String: String] {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw UsageError("configuration file \(path) cannot be read; check the path")
    }
    guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
      throw UsageError(
        "configuration file \(path) is not a JSON object; write {\"option\": value, ...} with"
          + " the option names of 'disttrain train --help'")
    }
    var values: [String: String] = [:]
    for (key, value) in object {
      guard let field = OptionTable.field(key) else {
        throw UsageError(
          "configuration file \(path): unknown option '\(key)'; see 'disttrain train --help'")
      }
      // JSON numbers and booleans both arrive as NSNumber; the option's type decides.
      switch value {
      case let text as String: values[key] = text
      case let number as NSNumber where field.isFlag: values[key] = String(number.boolValue)
      case let number as NSNumber: values[key] = number.stringValue
      default:
        throw UsageError("configuration file \(path): '\(key)' must be a string or a number")
      }
    }
    return values
  }

  /// The options a configuration file sets on top of its preset (or `base`).
  static func read(configurationFile path: String) throws -> TrainingOptions {
    let values = try readConfigurationFile(path)
    var options = TrainingPreset(rawValue: values["preset"] ?? "")?.options ?? TrainingOptions()
    for field in OptionTable.fields {
      if let text = values[field.key] { try options.set(field, text, source: path) }
    }
    return options
  }

  /// The options as a JSON object, in table order, as `config.json` keeps them.
  public var json: String {
    let lines = OptionTable.fields.map { field -> String in
      let value = field.read(self)
      let encoded = field.isText ? "\"" + escapedForJSON(value) + "\"" : value
      return "  \"\(field.key)\": \(encoded)"
    }
    return "{\n" + lines.joined(separator: ",\n") + "\n}\n"
  }

  /// The options as an aligned two-column table, for the start of a run's output.
  public var table: String {
    let width = OptionTable.fields.map(\.key.count).max() ?? 0
    return OptionTable.fields.map { field in
      "  " + field.key.padding(toLength: width + 2, withPad: " ", startingAt: 0) + field.read(self)
    }.joined(separator: "\n")
  }

  /// The options that differ from `other`, as "key: mine vs theirs" lines.
  public func differences(from other: TrainingOptions) -> [(
    key: String, this: String, other: String
  )] {
    OptionTable.fields.compactMap { field in
      let mine = field.read(self)
      let theirs = field.read(other)
      return mine == theirs ? nil : (field.key, mine, theirs)
    }
  }

  /// The help lines of every option, with the demo preset's value as the default.
  static var optionHelp: String {
    let defaults = TrainingPreset.demo.options
    return OptionTable.fields.map { field in
      let name = "--" + field.key
      let padded = name.padding(toLength: max(26, name.count + 2), withPad: " ", startingAt: 0)
      return "  " + padded + field.help + " [\(field.read(defaults))]"
    }.joined(separator: "\n")
  }
}

/// `text` with the characters JSON strings must escape escaped.
func escapedForJSON(_ text: String) -> String {
  var result = ""
  for scalar in text.unicodeScalars {
    switch scalar {
    case "\"": result += "\\\""
    case "\\": result += "\\\\"
    case "\n": result += "\\n"
    case "\t": result += "\\t"
    case let other where other.value < 0x20: result += String(format: "\\u%04x", other.value)
    default: result.unicodeScalars.append(scalar)
    }
  }
  return result
}
