import Model

/// Walks a network's forward computation on shapes alone and records every layer with the
/// input shape it sees, in the order the network calls its layers.
///
/// The walks in `LayerShapeTrace+Networks.swift` restate each network's `callAsFunction`;
/// `uses(covering:)` checks that a walk met exactly the network's layers, so a layer added to
/// a network without its walk stops the benchmark instead of going uncounted.
struct LayerShapeTrace {
  private(set) var uses: [LayerUse] = []
  /// Whether the next layer's input needs a gradient: after the first layer it always does.
  private var inputNeedsGradient: Bool

  /// A walk whose network input needs a gradient only when `inputNeedsGradient` (the frozen
  /// identity network is differentiated with respect to its input).
  init(inputNeedsGradient: Bool) {
    self.inputNeedsGradient = inputNeedsGradient
  }

  /// Records `layer` called on `shape` and returns the shape of its output.
  mutating func apply(_ name: String, _ layer: LayerUse.Layer, to shape: [Int]) -> [Int] {
    let use = LayerUse(
      name: name, layer: layer, inputShape: shape, needsInputGradient: inputNeedsGradient)
    uses.append(use)
    inputNeedsGradient = true
    return use.outputShape
  }

  mutating func apply(_ name: String, _ layer: ConvolutionLayer, to shape: [Int]) -> [Int] {
    apply(name, .convolution(layer), to: shape)
  }

  mutating func apply(_ name: String, _ layer: LinearLayer, to shape: [Int]) -> [Int] {
    apply(name, .linear(layer), to: shape)
  }

  /// A max-feature-map unit: its filter, then half of the filter's channels or features.
  mutating func apply(_ name: String, _ unit: MaxFeatureMapLayer, to shape: [Int]) -> [Int] {
    var output: [Int]
    switch unit.filter {
    case .convolution(let layer): output = apply(name + ".filter", layer, to: shape)
    case .linear(let layer): output = apply(name + ".filter", layer, to: shape)
    }
    output[1] /= 2
    return output
  }

  /// The shape after a 2x2 max pool with ceil mode.
  static func pooled(_ shape: [Int]) -> [Int] {
    [shape[0], shape[1], (shape[2] + 1) / 2, (shape[3] + 1) / 2]
  }

  /// The shape after global average pooling: (B, C).
  static func averaged(_ shape: [Int]) -> [Int] { [shape[0], shape[1]] }

  /// The recorded uses, after checking that they are the network's `layers` in name and
  /// identity (a programmer error otherwise).
  func uses(covering layers: NamedLayers) -> [LayerUse] {
    precondition(
      uses.count == layers.count
        && zip(uses, layers).allSatisfy {
          $0.name == $1.name && $0.affineLayer.weight === $1.layer.weight
        },
      "the shape walk met \(uses.map(\.name)), the network has \(layers.map(\.name))")
    return uses
  }
}
