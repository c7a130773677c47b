import Checkpointing

/// Training states made up for tests: parameters of assorted shapes under the reference's
/// naming, both Adam moments of each under its optimizer, step counts and a configuration.
enum SyntheticState {
  /// The four optimizers and the networks each one steps.
  static let optimizers: [(name: String, networks: [String])] = [
    ("generator", ["encoder", "decoder"]), ("image_critic", ["image_critic"]),
    ("latent_critic", ["latent_critic"]), ("recognizer", ["recognizer"]),
  ]

  /// A state with `blocksPerNetwork` convolution blocks (a weight and a bias each) per network
  /// plus a linear layer: with the default 12, 5 x 26 = 130 parameters and 390 tensors.
  /// Values come from a generator seeded by `seed` and include NaN, infinities, signed zeros
  /// and subnormals, so only a bitwise copy compares equal.
  static func make(seed: UInt64 = 1, blocksPerNetwork: Int = 12, globalStep: Int = 1200)
    -> TrainingState
  {
    var generator = SplitMix(state: seed)
    var parameters: [NamedTensor] = []
    for (networkIndex, network) in optimizers.flatMap(\.networks).enumerated() {
      for block in 0..<blocksPerNetwork {
        let width = 1 + (block * 7 + networkIndex * 3) % 13
        let weight = [width, 1 + block % 5, 3, 3]
        parameters.append(tensor("\(network).blocks.\(block).conv.weight", weight, &generator))
        parameters.append(tensor("\(network).blocks.\(block).conv.bias", [width], &generator))
      }
      parameters.append(tensor("\(network).fc.weight", [17, 33], &generator))
      parameters.append(tensor("\(network).fc.bias", [], &generator))
    }
    var tensors = parameters
    var scalars: [String: Int] = [:]
    for optimizer in optimizers {
      let owned = parameters.filter { parameter in
        optimizer.networks.contains { parameter.name.hasPrefix($0 + ".") }
      }
      for moment in AdamMoment.allCases {
        for parameter in owned {
          let name = TrainingState.momentName(
            optimizer: optimizer.name, moment: moment, parameter: parameter.name)
          tensors.append(tensor(name, parameter.shape, &generator))
        }
      }
      scalars[TrainingState.stepCountName(optimizer: optimizer.name)] = globalStep / 4 + 1
    }
    return TrainingState(
      tensors: tensors, scalars: scalars, globalStep: globalStep, epoch: 3,
      sampler: SamplerPosition(epoch: 3, stepInEpoch: 17), configuration: configuration)
  }

  static let configuration: [String: ConfigurationValue] = [
    "image_size": .integer(64), "epochs": .integer(200), "learning_rate": .number(0.0001),
    "lambda_gp": .number(10), "data_directory": .text("data/oulu"),
    "identity_loss": .boolean(false),
  ]

  private static func tensor(_ name: String, _ shape: [Int], _ generator: inout SplitMix)
    -> NamedTensor
  {
    let count = shape.reduce(1, *)
    let special: [Float] = [.nan, .infinity, -.infinity, -0.0, 0, .leastNonzeroMagnitude]
    let values = (0..<count).map { index -> Float in
      let bits = generator.next()
      if bits % 97 == 0 { return special[index % special.count] }
      return Float(bitPattern: UInt32(truncatingIfNeeded: bits >> 32) & 0xBFFF_FFFF)
    }
    return NamedTensor(name: name, shape: shape, values: values)
  }
}

/// SplitMix64: a small, seedable generator, so every run builds the same states.
struct SplitMix {
  var state: UInt64

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
