/// `disttrain train`: runs the method on the job's ranks.
enum TrainCommand: Command {
  static let name = "train"
  static let summary = "train FESGAN and the recognizer (or the baseline) on the job's ranks"
  static var help: String {
    """
    usage: disttrain train [--preset demo|paper] [--config FILE.json] [OPTIONS]

    Runs stage 1 (FESGAN pre-training) and stage 2 (joint learning), or with --mode baseline
    the recognizer alone, on one process or on every rank of an mpirun job. Values come from
    the preset, then the JSON file (keys are the option names below, without dashes), then
    the command line. The run directory (--out) receives config.json, metrics.jsonl,
    eval.jsonl, evaluation pictures and checkpoints.

    options [demo preset's value]:
    \(TrainingOptions.optionHelp)

    examples:
      disttrain train --max-steps 20                       # a quick look, one process
      mpirun -np 2 disttrain train --out runs/two-ranks    # the demo on two ranks
      mpirun --hostfile hostfiles/cluster -np 8 disttrain train --preset paper --out runs/paper
    """
  }

  static func run(_ arguments: inout Arguments, job: Job) throws {
    let options = try TrainingOptions.resolve(&arguments)
    try arguments.finish()
    let trainer = try Trainer(options: options, job: job)
    _ = try trainer.train()
  }
}
