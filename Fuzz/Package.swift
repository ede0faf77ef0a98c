// swift-tools-version: 6.0
// libFuzzer targets for every decoder in ProtocolCatalog (testing.md "libFuzzer with Swift").
//
// A separate package so fuzzing flags never touch the normal build: Sources/DeviceProtocols and
// Sources/TraceModel here are symlinks to the main package's sources (no dependency resolution, no
// GRDB or Hummingbird). Build and run through scripts/fuzz, which passes -sanitize=fuzzer and uses its
// own scratch path (.build-fuzz).
import PackageDescription

let package = Package(
    name: "TraceGateFuzz",
    targets: [
        .target(name: "TraceModel"),
        .target(name: "DeviceProtocols", dependencies: ["TraceModel"]),
        .target(name: "CFuzzerDriver"),
        .executableTarget(name: "DecoderFuzzer", dependencies: ["DeviceProtocols", "TraceModel", "CFuzzerDriver"]),
    ]
)
