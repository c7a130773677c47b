// swift-tools-version:6.0
// The FESGAN distributed trainer. Every dependency is a system library found through
// pkg-config, so the package builds offline on a machine with the Debian -dev packages that
// `scripts/install-dependencies.sh` installs.
import PackageDescription

/// The numeric kernels index raw buffers in tight loops, where bounds and overflow checks cost
/// more than the arithmetic; release builds drop them.
let numericSettings: [SwiftSetting] = [
  .unsafeFlags(["-Ounchecked", "-wmo"], .when(configuration: .release))
]

let package = Package(
  name: "FESGANTrainer",
  products: [
    .executable(name: "disttrain", targets: ["DistTrain"])
  ],
  targets: [
    // System libraries, each described by its pkg-config file.
    .systemLibrary(
      name: "CMPI", pkgConfig: "ompi-c",
      providers: [.apt(["libopenmpi-dev", "openmpi-bin"])]),
    .systemLibrary(
      name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
    .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
    .systemLibrary(
      name: "CJPEG", pkgConfig: "libjpeg", providers: [.apt(["libjpeg62-turbo-dev"])]),
    // glibc's allocator settings (mallopt), part of the C library itself.
    .systemLibrary(name: "CMalloc"),

    // C shims: the only code that sees MPI's and the codecs' own headers.
    .target(name: "MPIShim", dependencies: ["CMPI"]),
    .target(name: "ImageCodec", dependencies: ["CPNG", "CJPEG"]),

    // Swift libraries, from the bottom up.
    .target(name: "Collective", dependencies: ["MPIShim"]),
    .target(name: "Model", dependencies: ["COpenBLAS"], swiftSettings: numericSettings),
    .target(name: "FaceData", dependencies: ["ImageCodec"], swiftSettings: numericSettings),
    .target(name: "Plotting", dependencies: ["FaceData"]),
    .target(name: "Checkpointing", dependencies: ["Collective", "Model"]),
    .target(
      name: "Training",
      dependencies: ["Collective", "Model", "FaceData", "Plotting", "Checkpointing"],
      swiftSettings: numericSettings),
    .executableTarget(name: "DistTrain", dependencies: ["CMalloc", "Training"]),

    .testTarget(name: "CollectiveTests", dependencies: ["Collective"]),
    .testTarget(
      name: "ModelTests", dependencies: ["Model"], resources: [.copy("Fixtures")]),
    .testTarget(name: "FaceDataTests", dependencies: ["FaceData"]),
    .testTarget(name: "TrainingTests", dependencies: ["Training"]),
    .testTarget(name: "PlottingTests", dependencies: ["Plotting"]),
    .testTarget(
      name: "CheckpointingTests", dependencies: ["Checkpointing", "Collective", "Model"]),
  ],
  // The tensor engine shares mutable buffers between threads it synchronizes itself; the
  // Swift 6 data-race checker cannot see that, so the package stays in Swift 5 mode.
  swiftLanguageModes: [.v5]
)
