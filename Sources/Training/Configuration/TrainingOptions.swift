/// Everything a training run is set up from.
///
/// A run starts from a preset, then applies a JSON configuration file, then the command line;
/// later sources override earlier ones. Each option has one name, used on the command line
/// (`--image-size 64`), in configuration files (`"image-size": 64`) and in the `config.json`
/// the run directory keeps; `OptionTable` lists them with their help.
public struct TrainingOptions: Equatable, Sendable {
  /// The starting point of the other values.
  public var preset: TrainingPreset = .demo
  /// Joint FESGAN training, or the recognizer alone on real images (the baseline).
  public var mode: TrainingMode = .joint

  /// `synth` (the embedded SynthFaces), `folder:PATH` (one subfolder per expression, with a
  /// `train` and a `test` subfolder or subject folds) or `fer2013:PATH` (the CSV).
  public var data = "synth"
  /// SynthFaces: labelled training subjects, the low-data regime the method targets.
  public var trainingSubjects = 24
  /// SynthFaces: held-out test subjects.
  public var testSubjects = 8
  /// SynthFaces: images per subject and expression.
  public var imagesPerExpression = 4
  /// Adds Neutral as a seventh class (SynthFaces and image folders).
  public var neutral = false
  /// Skips unreadable images and counts them, instead of stopping before training.
  public var skipBad = false
  /// Image folders without a `test` subfolder: the number of subject-independent folds.
  public var folds = 10
  /// Image folders without a `test` subfolder: the fold held out for evaluation.
  public var testFold = 0

  /// The side S of the images the networks see: 32, 64 or 128.
  public var imageSize = 32
  /// Image channels C: 3 (RGB) or 1 (gray).
  public var channels = 3
  /// The latent code size d_z.
  public var latent = 64
  /// The base width w of the encoder, decoder and image critic.
  public var width = 8
  /// The recognizer's channel multiplier r.
  public var recognizerWidth = 0.25
  /// The recognizer's dropout probability before its classifier (the method's 0.5 in the
  /// paper preset; see `TrainingPreset.demo` for why the demo uses none).
  public var dropout: Float = 0

  /// Images per optimizer step over all ranks; each rank takes batch / ranks of them.
  public var batch = 16
  /// Passes over the training images, stage 1 and stage 2 together.
  public var epochs = 200
  /// Epochs of stage 1 (FESGAN pre-training) before joint learning starts.
  public var pretrainEpochs = 10
  /// The generator (and recognizer) step once every this many critic steps.
  public var criticIterations = 4

  /// Adam step sizes of the four optimizers.
  public var learningRateGenerator: Float = 1e-4
  public var learningRateImageCritic: Float = 1e-4
  public var learningRateLatentCritic: Float = 1e-4
  public var learningRateRecognizer: Float = 3e-4
  /// Adam's moment decays, shared by the four optimizers.
  public var beta1: Float = 0.5
  public var beta2: Float = 0.999

  /// The loss weights of the method, under its names.
  public var lambdaGradientPenalty: Float = 10
  public var lambdaClassification: Float = 1
  public var lambdaLatent: Float = 1
  public var lambdaReconstruction: Float = 10
  public var lambdaIdentity: Float = 5
  public var lambdaSynthetic: Float = 1
  public var lambdaIntraClass: Float = 1
  public var lambdaJoint: Float = 1

  /// Seeds the initial weights and every random draw of the run.
  public var seed = 1
  /// A safetensors file with LightCNN-29 v1 weights for the identity loss; empty for none.
  public var identityWeights = ""
  /// A safetensors file whose `recognizer.trunk.*` tensors (LightCNN-29 v1 up to pool3, as
  /// `scripts/convert_lightcnn.py` writes them) start the recognizer; empty for PyTorch's
  /// default initialisation.
  public var recognizerWeights = ""
  /// The run directory: configuration, metrics, evaluations, checkpoints.
  public var output = "runs/demo"
  /// Steps between evaluations on rank 0 (0: only at the end).
  public var evaluateEvery = 720
  /// Steps between checkpoints (0: only at the end).
  public var checkpointEvery = 1800
  /// How many checkpoints to keep; older ones are removed.
  public var keepCheckpoints = 3
  /// Steps between progress lines and metrics records.
  public var logEvery = 40
  /// Stops after this many steps in all (0: no limit), for quick looks and tests.
  public var maxSteps = 0
  /// `auto` (the newest complete checkpoint of the run directory) or a checkpoint path;
  /// empty to start afresh.
  public var resume = ""

  public init() {}
}

/// Which networks a run trains.
public enum TrainingMode: String, CaseIterable, Sendable {
  /// Stage 1 FESGAN pre-training, then stage 2 joint learning.
  case joint
  /// The recognizer alone on real images: the comparison for every result.
  case baseline
}

/// Named starting points for the options.
public enum TrainingPreset: String, CaseIterable, Sendable {
  /// Small images and narrow networks: a few minutes on two cores.
  ///
  /// Two values differ from the paper's, both for the recognizer, because of how LightCNN
  /// starts: from PyTorch's default initialisation its features hardly depend on the input,
  /// and its accuracy sits at chance until that small input-dependent part has grown. On
  /// SynthFaces the recognizer alone stays at chance for 3,000 steps with step size 1e-3 and
  /// leaves it within about 1,000 with 3e-4 (the PyTorch reference behaves the same), and
  /// dropout's masks on nearly constant features add noise far larger than that signal:
  /// without dropout, joint runs left chance after 200 to 1,000 recognizer steps (seeds 1
  /// to 3). The 200 epochs give the recognizer 1,710 steps. The paper preset keeps 1e-4 and
  /// dropout 0.5.
  case demo
  /// The paper's setting: 128x128, w = 64, r = 1, batch 16, 200 epochs with 80 of
  /// pre-training.
  case paper

  /// The options this preset starts from.
  public var options: TrainingOptions {
    var options = TrainingOptions()
    options.preset = self
    switch self {
    case .demo:
      break
    case .paper:
      options.learningRateRecognizer = 1e-4
      options.dropout = 0.5
      options.imageSize = 128
      options.width = 64
      options.recognizerWidth = 1
      options.batch = 16
      options.epochs = 200
      options.pretrainEpochs = 80
      options.trainingSubjects = 80
      options.testSubjects = 20
      options.imagesPerExpression = 8
      options.output = "runs/paper"
      options.evaluateEvery = 2000
      options.checkpointEvery = 2000
      options.logEvery = 10
    }
    return options
  }
}
