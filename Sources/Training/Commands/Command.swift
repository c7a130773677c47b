/// A subcommand of `disttrain`.
protocol Command {
  /// The word that selects it: `disttrain NAME ...`.
  static var name: String { get }
  /// One line for the command list.
  static var summary: String { get }
  /// The full help text: usage line, options with defaults, and an example.
  static var help: String { get }
  /// Runs the command on this rank. Throws for anything the user must fix.
  static func run(_ arguments: inout Arguments, job: Job) throws
}
