import Collective

/// The options of one `disttrain` subcommand, consumed as the command reads them.
///
/// Options are `--name value`, `--name=value` or bare flags `--name`; anything else is
/// positional. A command takes what it knows and then calls `finish`, which rejects anything
/// left over, so a misspelt option fails before any work starts.
public struct Arguments {
  /// The command's name, as the user would type it, for messages (`disttrain selftest`).
  public let command: String
  private var tokens: [String]

  public init(command: String, _ tokens: [String]) {
    self.command = command
    self.tokens = tokens.flatMap { token -> [String] in
      guard token.hasPrefix("--"), let equals = token.firstIndex(of: "=") else { return [token] }
      return [String(token[..<equals]), String(token[token.index(after: equals)...])]
    }
  }

  /// True when `--help` or `-h` was given.
  public var wantsHelp: Bool { tokens.contains("--help") || tokens.contains("-h") }

  /// Removes `name` and returns whether it was present.
  public mutating func flag(_ name: String) -> Bool {
    guard let index = tokens.firstIndex(of: name) else { return false }
    tokens.remove(at: index)
    return true
  }

  /// Removes `name` and its value and returns the value, or nil when absent.
  public mutating func option(_ name: String) throws -> String? {
    guard let index = tokens.firstIndex(of: name) else { return nil }
    guard index + 1 < tokens.count, !tokens[index + 1].hasPrefix("--") else {
      throw UsageError("\(command): option \(name) needs a value")
    }
    let value = tokens[index + 1]
    tokens.removeSubrange(index...index + 1)
    return value
  }

  /// Removes `name` and parses its value with `parse`; `expected` describes valid values.
  public mutating func option<Value>(
    _ name: String, expected: String, _ parse: (String) -> Value?
  ) throws -> Value? {
    guard let text = try option(name) else { return nil }
    guard let value = parse(text) else {
      throw UsageError("\(command): option \(name) got '\(text)', expected \(expected)")
    }
    return value
  }

  /// Removes `name` and returns its value as an integer of at least `minimum`.
  public mutating func integer(_ name: String, minimum: Int = Int.min) throws -> Int? {
    try option(name, expected: "an integer of at least \(minimum)") {
      Int($0).flatMap { $0 >= minimum ? $0 : nil }
    }
  }

  /// Removes and returns the next positional argument, or nil when none is left.
  public mutating func positional() -> String? {
    guard let index = tokens.firstIndex(where: { !$0.hasPrefix("--") }) else { return nil }
    return tokens.remove(at: index)
  }

  /// Throws if anything was left unread.
  public func finish() throws {
    guard let first = tokens.first else { return }
    throw UsageError(
      "\(command): unknown argument '\(first)'; run '\(command) --help' for the options")
  }
}

/// A command line the program cannot act on; the message says what to change.
public struct UsageError: Error, CustomStringConvertible, CollectiveFailure {
  public let description: String
  public init(_ description: String) { self.description = description }
  /// Every rank parses the same command line, so every rank raises the same usage error.
  public var isRaisedOnEveryRank: Bool { true }
}
