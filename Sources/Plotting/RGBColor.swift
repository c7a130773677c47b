/// An opaque 8-bit sRGB color.
public struct RGBColor: Equatable, Hashable, Sendable {
  /// Red, 0 to 255.
  public var red: UInt8
  /// Green, 0 to 255.
  public var green: UInt8
  /// Blue, 0 to 255.
  public var blue: UInt8

  /// A color from its three channels.
  public init(red: UInt8, green: UInt8, blue: UInt8) {
    self.red = red
    self.green = green
    self.blue = blue
  }

  /// A color from a 24-bit hexadecimal value, 0xRRGGBB.
  public init(hex: UInt32) {
    precondition(hex <= 0xFF_FFFF, "a color is 24 bits: 0xRRGGBB")
    self.init(
      red: UInt8((hex >> 16) & 0xFF), green: UInt8((hex >> 8) & 0xFF), blue: UInt8(hex & 0xFF))
  }

  /// The color `fraction` of the way from `self` to `other`, channel by channel; the fraction
  /// is clamped to [0, 1].
  public func mixed(with other: RGBColor, fraction: Double) -> RGBColor {
    let t = min(1, max(0, fraction))
    func channel(_ a: UInt8, _ b: UInt8) -> UInt8 {
      UInt8((Double(a) + (Double(b) - Double(a)) * t).rounded())
    }
    return RGBColor(
      red: channel(red, other.red), green: channel(green, other.green),
      blue: channel(blue, other.blue))
  }

  /// Relative brightness in [0, 1]: the Rec. 601 luma of the channels.
  public var luma: Double {
    (0.299 * Double(red) + 0.587 * Double(green) + 0.114 * Double(blue)) / 255
  }

  /// Pure white.
  public static let white = RGBColor(hex: 0xFFFFFF)
  /// Pure black.
  public static let black = RGBColor(hex: 0x000000)
  /// The near-black used for text and axes; softer than pure black on white.
  public static let ink = RGBColor(hex: 0x222222)
  /// The gray of secondary text such as tick labels and notes.
  public static let secondaryInk = RGBColor(hex: 0x555555)
  /// The light gray of grid lines.
  public static let gridLine = RGBColor(hex: 0xE3E3E3)

  /// Ten distinct, readable series colors (the Tableau 10 palette); series beyond ten reuse
  /// them in order.
  public static let seriesPalette: [RGBColor] = [
    0x1F77B4, 0xFF7F0E, 0x2CA02C, 0xD62728, 0x9467BD,
    0x8C564B, 0xE377C2, 0x7F7F7F, 0xBCBD22, 0x17BECF,
  ].map { RGBColor(hex: $0) }

  /// The palette color of series number `index` (0-based), cycling after ten.
  public static func series(_ index: Int) -> RGBColor {
    precondition(index >= 0, "series indices start at 0")
    return seriesPalette[index % seriesPalette.count]
  }
}
