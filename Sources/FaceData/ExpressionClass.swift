/// A facial expression category, as named by the common expression databases.
public enum ExpressionClass: String, CaseIterable, Sendable {
  case anger, contempt, disgust, fear, happiness, neutral, sadness, surprise

  /// The capitalized name used for folders and reports ("Anger", "Happiness").
  public var displayName: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }

  /// Folder names that mean this class, lowercased: the full noun, the adjective, the
  /// two-letter abbreviation of Oulu-CASIA file names and the spellings of CK+ and FER2013.
  public var aliases: [String] {
    switch self {
    case .anger: return ["anger", "angry", "an", "ang"]
    case .contempt: return ["contempt", "contemptuous", "co", "con"]
    case .disgust: return ["disgust", "disgusted", "di", "dis"]
    case .fear: return ["fear", "fearful", "afraid", "scared", "fe"]
    case .happiness: return ["happiness", "happy", "ha", "hap", "joy"]
    case .neutral: return ["neutral", "ne", "neu"]
    case .sadness: return ["sadness", "sad", "sa"]
    case .surprise: return ["surprise", "surprised", "su", "sur"]
    }
  }

  /// The class a folder name refers to, ignoring case, surrounding spaces and a leading
  /// number ("3_happy", "03-Happy"); nil when no alias matches.
  public init?(folderName: String) {
    var name = Substring(folderName.lowercased()).trimmingCharacters(in: " ")
    while let first = name.first, first.isNumber || first == "_" || first == "-" || first == " " {
      name = name.dropFirst()
    }
    guard let match = ExpressionClass.allCases.first(where: { $0.aliases.contains(String(name)) })
    else { return nil }
    self = match
  }
}

/// The ordered classes of a label space: label `i` is `classes[i]`.
public struct ExpressionSet: Equatable, Sendable {
  /// The classes in label order.
  public let classes: [ExpressionClass]

  /// A label space of the given classes, in that order; classes must not repeat.
  public init(_ classes: [ExpressionClass]) {
    precondition(!classes.isEmpty, "a label space needs at least one class")
    precondition(Set(classes).count == classes.count, "a label space lists each class once")
    self.classes = classes
  }

  /// The six basic expressions of Oulu-CASIA, in alphabetical order.
  public static let ouluCASIA = ExpressionSet([
    .anger, .disgust, .fear, .happiness, .sadness, .surprise,
  ])
  /// The six basic expressions plus neutral as the 7th label.
  public static let ouluCASIAWithNeutral = ExpressionSet([
    .anger, .disgust, .fear, .happiness, .sadness, .surprise, .neutral,
  ])
  /// The seven CK+ expression labels (contempt instead of neutral), alphabetical.
  public static let ckPlus = ExpressionSet([
    .anger, .contempt, .disgust, .fear, .happiness, .sadness, .surprise,
  ])
  /// FER2013's labels in the order of its `emotion` column: 0 angry ... 6 neutral.
  public static let fer2013 = ExpressionSet([
    .anger, .disgust, .fear, .happiness, .sadness, .surprise, .neutral,
  ])

  /// The number of classes K.
  public var count: Int { classes.count }
  /// The display names in label order.
  public var names: [String] { classes.map(\.displayName) }
  /// The label of a class, or nil when the class is not in this set.
  public func label(of expression: ExpressionClass) -> Int? { classes.firstIndex(of: expression) }
}

extension Substring {
  fileprivate func trimmingCharacters(in character: Character) -> Substring {
    var result = self
    while result.first == character { result = result.dropFirst() }
    while result.last == character { result = result.dropLast() }
    return result
  }
}
