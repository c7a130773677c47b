import Foundation
import Model

/// Where a run's images come from.
public enum DataSourceSpecification: Equatable, Sendable {
  /// The embedded SynthFaces generator.
  case synthetic
  /// An image folder with one subfolder per expression.
  case folder(String)
  /// A FER2013 CSV file.
  case fer2013(String)

  /// Parses `synth`, `folder:PATH` or `fer2013:PATH`.
  init(_ text: String) throws {
    if text == "synth" {
      self = .synthetic
    } else if text.hasPrefix("folder:"), text.count > 7 {
      self = .folder(String(text.dropFirst(7)))
    } else if text.hasPrefix("fer2013:"), text.count > 8 {
      self = .fer2013(String(text.dropFirst(8)))
    } else {
      throw UsageError(
        "--data '\(text)' is not a data source; use synth, folder:PATH or fer2013:PATH")
    }
  }
}

extension TrainingOptions {
  /// Throws, before any work, when the options cannot make a run on `worldSize` ranks. Every
  /// rank checks the same options, so every rank fails together.
  public func validate(worldSize: Int) throws {
    guard batch % worldSize == 0 else {
      let lower = max(worldSize, batch / worldSize * worldSize)
      throw UsageError(
        "--batch \(batch) does not divide among \(worldSize) ranks; the global batch must be a"
          + " multiple of the rank count, such as \(lower) or \(lower + worldSize)")
    }
    guard [32, 64, 128].contains(imageSize) else {
      throw UsageError(
        "--image-size \(imageSize) is not supported; the networks take 32, 64 or 128")
    }
    guard channels == 1 || channels == 3 else {
      throw UsageError("--channels \(channels) is not supported; use 3 (RGB) or 1 (gray)")
    }
    guard pretrainEpochs <= epochs else {
      throw UsageError(
        "--pretrain-epochs \(pretrainEpochs) exceeds --epochs \(epochs); stage 1 is part of the"
          + " epochs in all")
    }
    if !identityWeights.isEmpty && !FileManager.default.fileExists(atPath: identityWeights) {
      throw UsageError(
        "--identity-weights \(identityWeights) does not exist; convert the published"
          + " LightCNN-29 v1 weights with scripts/convert_lightcnn.py, or leave the option out")
    }
    if !recognizerWeights.isEmpty && !FileManager.default.fileExists(atPath: recognizerWeights) {
      throw UsageError(
        "--recognizer-weights \(recognizerWeights) does not exist; convert the published"
          + " LightCNN-29 v1 weights with scripts/convert_lightcnn.py, or leave the option out")
    }
    _ = try DataSourceSpecification(data)
    guard testFold < folds else {
      throw UsageError(
        "--test-fold \(testFold) is not one of the \(folds) folds (0...\(folds - 1))")
    }
  }

  /// The data source these options name.
  public var dataSource: DataSourceSpecification {
    (try? DataSourceSpecification(data)) ?? .synthetic
  }

  /// The networks' configuration for `classes` expression classes.
  public func modelConfiguration(classes: Int) -> FESGANConfiguration {
    FESGANConfiguration(
      imageSize: imageSize, channels: channels, classes: classes, latentSize: latent,
      width: width, recognizerWidth: recognizerWidth, dropout: dropout,
      usesIdentity: !identityWeights.isEmpty,
      lambdaGradientPenalty: lambdaGradientPenalty, lambdaClassification: lambdaClassification,
      lambdaLatent: lambdaLatent, lambdaReconstruction: lambdaReconstruction,
      lambdaIdentity: identityWeights.isEmpty ? 0 : lambdaIdentity,
      lambdaSynthetic: lambdaSynthetic, lambdaIntraClass: lambdaIntraClass,
      lambdaJoint: lambdaJoint)
  }
}
