import Glibc
import Training

exit(DistTrainMain.run(CommandLine.arguments))
