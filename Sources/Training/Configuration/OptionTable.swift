/// One training option: its name, its help, and how to read and write it as text.
struct OptionField {
  /// The name without dashes: `--image-size` on the command line, `"image-size"` in JSON.
  let key: String
  /// What the option does, for `--help`.
  let help: String
  /// What values it takes, for messages.
  let expected: String
  /// The current value as text.
  let read: (TrainingOptions) -> String
  /// Sets the value from text; false when the text is not a valid value.
  let write: (inout TrainingOptions, String) -> Bool
  /// Whether JSON holds the value as a string (rather than a number or a boolean).
  var isText = false

  /// Whether the option is a switch: a bare flag on the command line, a boolean in JSON.
  var isFlag: Bool { expected == "true or false" }

  static func integer(
    _ key: String, _ path: WritableKeyPath<TrainingOptions, Int>, minimum: Int = 0,
    _ help: String
  ) -> OptionField {
    OptionField(
      key: key, help: help, expected: "an integer of at least \(minimum)",
      read: { String($0[keyPath: path]) },
      write: { options, text in
        guard let value = Int(text), value >= minimum else { return false }
        options[keyPath: path] = value
        return true
      })
  }

  static func number(
    _ key: String, _ path: WritableKeyPath<TrainingOptions, Float>, in range: ClosedRange<Float>,
    _ help: String
  ) -> OptionField {
    OptionField(
      key: key, help: help, expected: "a number in [\(range.lowerBound), \(range.upperBound)]",
      read: { "\($0[keyPath: path])" },
      write: { options, text in
        guard let value = Float(text), range.contains(value) else { return false }
        options[keyPath: path] = value
        return true
      })
  }

  static func text(
    _ key: String, _ path: WritableKeyPath<TrainingOptions, String>, _ help: String
  ) -> OptionField {
    OptionField(
      key: key, help: help, expected: "a text", read: { $0[keyPath: path] },
      write: { options, text in
        options[keyPath: path] = text
        return true
      }, isText: true)
  }

  static func flag(
    _ key: String, _ path: WritableKeyPath<TrainingOptions, Bool>, _ help: String
  ) -> OptionField {
    OptionField(
      key: key, help: help, expected: "true or false", read: { String($0[keyPath: path]) },
      write: { options, text in
        guard let value = Bool(text) else { return false }
        options[keyPath: path] = value
        return true
      })
  }

  static func choice<Choice: RawRepresentable & CaseIterable>(
    _ key: String, _ path: WritableKeyPath<TrainingOptions, Choice>, _ help: String
  ) -> OptionField where Choice.RawValue == String {
    OptionField(
      key: key, help: help,
      expected: "one of " + Choice.allCases.map(\.rawValue).joined(separator: ", "),
      read: { $0[keyPath: path].rawValue },
      write: { options, text in
        guard let value = Choice(rawValue: text) else { return false }
        options[keyPath: path] = value
        return true
      }, isText: true)
  }
}

/// Every training option, in the order `--help` and the configuration print them.
enum OptionTable {
  static let fields: [OptionField] = [
    .choice("preset", \.preset, "starting values: demo (minutes on two cores) or paper"),
    .choice("mode", \.mode, "joint: FESGAN then joint learning; baseline: recognizer alone"),
    .text("data", \.data, "synth, folder:PATH (one subfolder per expression) or fer2013:PATH"),
    .integer("training-subjects", \.trainingSubjects, minimum: 1, "synth: labelled subjects"),
    .integer("test-subjects", \.testSubjects, minimum: 1, "synth: held-out subjects"),
    .integer(
      "images-per-expression", \.imagesPerExpression, minimum: 1,
      "synth: images per subject and expression"),
    .flag("neutral", \.neutral, "add Neutral as a seventh class (synth and folders)"),
    .flag("skip-bad", \.skipBad, "skip unreadable images and count them instead of stopping"),
    .integer("folds", \.folds, minimum: 2, "folders without test/: subject-independent folds"),
    .integer("test-fold", \.testFold, "folders without test/: the fold held out"),
    .integer("image-size", \.imageSize, minimum: 1, "image side S: 32, 64 or 128"),
    .integer("channels", \.channels, minimum: 1, "3 (RGB) or 1 (gray)"),
    .integer("latent", \.latent, minimum: 1, "latent code size d_z"),
    .integer("width", \.width, minimum: 1, "base width w of encoder, decoder, image critic"),
    OptionField(
      key: "rec-width", help: "recognizer width multiplier r (1 = LightCNN-29)",
      expected: "a positive number", read: { "\($0.recognizerWidth)" },
      write: { options, text in
        guard let value = Double(text), value > 0 else { return false }
        options.recognizerWidth = value
        return true
      }),
    .number("dropout", \.dropout, in: 0...0.99, "recognizer dropout before its classifier"),
    .integer("batch", \.batch, minimum: 1, "global batch: images per step over all ranks"),
    .integer("epochs", \.epochs, minimum: 1, "epochs in all (stage 1 and stage 2)"),
    .integer("pretrain-epochs", \.pretrainEpochs, "epochs of stage 1 (FESGAN pre-training)"),
    .integer("n-critic", \.criticIterations, minimum: 1, "critic steps per generator step"),
    .number("lr-generator", \.learningRateGenerator, in: 0...1, "Adam step size, E and G"),
    .number("lr-image-critic", \.learningRateImageCritic, in: 0...1, "Adam step size, D"),
    .number("lr-latent-critic", \.learningRateLatentCritic, in: 0...1, "Adam step size, D_z"),
    .number("lr-recognizer", \.learningRateRecognizer, in: 0...1, "Adam step size, R"),
    .number("beta1", \.beta1, in: 0...0.9999, "Adam first-moment decay"),
    .number("beta2", \.beta2, in: 0...0.99999, "Adam second-moment decay"),
    .number("lambda-gp", \.lambdaGradientPenalty, in: 0...1e6, "gradient penalty weight"),
    .number("lambda-cls", \.lambdaClassification, in: 0...1e6, "expression classification"),
    .number("lambda-z", \.lambdaLatent, in: 0...1e6, "latent prior (generator)"),
    .number("lambda-rec", \.lambdaReconstruction, in: 0...1e6, "reconstruction L1"),
    .number("lambda-id", \.lambdaIdentity, in: 0...1e6, "identity L1 (with --identity-weights)"),
    .number("lambda-syn", \.lambdaSynthetic, in: 0...1e6, "recognizer CE on invented faces"),
    .number("lambda-intra", \.lambdaIntraClass, in: 0...1e6, "intra-class loss (with RDBP)"),
    .number("lambda-joint", \.lambdaJoint, in: 0...1e6, "recognizer loss in the generator"),
    .integer("seed", \.seed, "seeds the weights and every random draw"),
    .text(
      "identity-weights", \.identityWeights, "LightCNN-29 v1 safetensors for the identity loss"),
    .text(
      "recognizer-weights", \.recognizerWeights,
      "LightCNN-29 v1 safetensors to start the recognizer's trunk from (r = 1)"),
    .text("out", \.output, "run directory: configuration, metrics, grids, checkpoints"),
    .integer("eval-every", \.evaluateEvery, "steps between evaluations (0: only at the end)"),
    .integer("checkpoint-every", \.checkpointEvery, "steps between checkpoints (0: at the end)"),
    .integer("keep", \.keepCheckpoints, minimum: 1, "checkpoints to keep"),
    .integer("log-every", \.logEvery, minimum: 1, "steps between progress lines"),
    .integer("max-steps", \.maxSteps, "stop after this many steps in all (0: no limit)"),
    .text("resume", \.resume, "auto (newest complete checkpoint of --out) or a checkpoint path"),
  ]

  static func field(_ key: String) -> OptionField? { fields.first { $0.key == key } }
}
