// swift-tools-version: 6.0
// libFuzzer targets (testing.md "libFuzzer with Swift"): every decoder in ProtocolCatalog, the platform-reply
// readers and master-data documents of Uplink, and the configuration loader.
//
// A separate package so fuzzing flags never touch the normal build: the targets here are symlinks to the main
// package's sources (Sources/GatewayConfiguration holds links to the files of Sources/Gateway/Configuration, made
// by scripts/fuzz, so the loader is fuzzed without the rest of the composition root). Build and run through
// scripts/fuzz, which passes -sanitize=fuzzer and uses its own scratch path (.build-fuzz).
import PackageDescription

let package = Package(
    name: "TraceGateFuzz",
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        .target(name: "TraceModel"),
        .target(name: "DeviceProtocols", dependencies: ["TraceModel"]),
        .target(name: "TradeLogic", dependencies: ["TraceModel"]),
        .target(name: "Uplink", dependencies: ["TraceModel", .product(name: "Crypto", package: "swift-crypto")]),
        .systemLibrary(name: "CSerialPort", pkgConfig: "libserialport"),
        .systemLibrary(name: "CLibUSB", pkgConfig: "libusb-1.0"),
        .target(
            name: "DeviceIO",
            dependencies: [
                "TraceModel", "DeviceProtocols", "CSerialPort", "CLibUSB",
                .product(name: "Logging", package: "swift-log"),
            ]),
        .target(
            name: "GatewayConfiguration",
            dependencies: [
                "TraceModel", "DeviceProtocols", "TradeLogic", "DeviceIO", "Uplink",
                .product(name: "Yams", package: "Yams"),
            ]),
        .target(name: "CFuzzerDriver"),
        .executableTarget(
            name: "TraceGateFuzzer",
            dependencies: ["DeviceProtocols", "TraceModel", "Uplink", "GatewayConfiguration", "CFuzzerDriver"]),
    ]
)
