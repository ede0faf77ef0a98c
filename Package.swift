// swift-tools-version: 6.0
// TraceGate: field gateway for food and product traceability.
//
// Dependencies point inward:
//   tracegate → Gateway → (DeviceIO, Ledger, Delivery, UplinkHTTP) → (DeviceProtocols, TradeLogic, Uplink) → TraceModel
// The deployed daemon (`tracegate`) links no simulator, reference platform or benchmark: those are tools around
// it, in `tracegate-tools` (as promtool sits beside prometheus):
//   tracegate-tools → (SimulatedGateway, Benchmarks, ReferencePlatform, Simulators) → Gateway …
import PackageDescription

/// Every target of ours builds in Swift 6 mode with warnings as errors.
let strict: [SwiftSetting] = [.unsafeFlags(["-warnings-as-errors"])]

let package = Package(
    name: "TraceGate",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "tracegate", targets: ["tracegate"]),
        .executable(name: "tracegate-tools", targets: ["tracegate-tools"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
    ],
    targets: [
        // MARK: Pure core (no I/O)
        .target(name: "TraceModel", swiftSettings: strict),
        .target(name: "DeviceProtocols", dependencies: ["TraceModel"], swiftSettings: strict),
        .target(name: "TradeLogic", dependencies: ["TraceModel"], swiftSettings: strict),

        // MARK: System libraries
        .systemLibrary(
            name: "CSerialPort",
            pkgConfig: "libserialport",
            providers: [.apt(["libserialport-dev"])]
        ),
        .systemLibrary(
            name: "CLibUSB",
            pkgConfig: "libusb-1.0",
            providers: [.apt(["libusb-1.0-0-dev"])]
        ),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

        // MARK: Edges
        .target(
            name: "DeviceIO",
            dependencies: [
                "TraceModel", "DeviceProtocols", "CSerialPort",
                "CLibUSB",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "Ledger",
            dependencies: [
                "TraceModel", "TradeLogic",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "Simulators",
            dependencies: ["TraceModel", "DeviceProtocols", "DeviceIO"],
            swiftSettings: strict
        ),

        .target(
            name: "Uplink",
            dependencies: ["TraceModel", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),

        .target(
            name: "UplinkHTTP",
            dependencies: [
                "Uplink", "TraceModel", "CZlib",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),

        // MARK: Reference city platform (tests and the demo)
        .target(
            name: "ReferencePlatform",
            dependencies: [
                "Uplink", "TraceModel", "CZlib",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),

        .target(
            name: "Delivery",
            dependencies: ["Ledger", "Uplink", "TraceModel", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),

        // MARK: Composition root
        .target(
            name: "Gateway",
            dependencies: [
                "TraceModel", "DeviceProtocols", "TradeLogic", "DeviceIO", "Ledger",
                "Delivery", "Uplink", "UplinkHTTP",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        // MARK: Command-line support shared by the two executables
        .target(
            name: "CommandSupport",
            dependencies: [
                "Gateway", "DeviceProtocols", "TraceModel",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),

        // MARK: The deployed daemon and the technician's tools
        .executableTarget(
            name: "tracegate",
            dependencies: [
                "Gateway", "CommandSupport", "TraceModel", "DeviceProtocols", "Ledger", "DeviceIO", "CSerialPort",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),

        // MARK: Tools around the daemon: simulators, the reference platform, benchmarks, the demo
        .target(
            name: "SimulatedGateway",
            dependencies: ["Gateway", "Simulators", "DeviceProtocols", "TradeLogic"],
            swiftSettings: strict
        ),
        .target(
            name: "Benchmarks",
            dependencies: ["Ledger", "Delivery", "Uplink", "TraceModel"],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "tracegate-tools",
            dependencies: [
                "Gateway", "SimulatedGateway", "Benchmarks", "CommandSupport", "Simulators", "ReferencePlatform",
                "TraceModel", "DeviceProtocols", "Ledger", "Delivery", "TradeLogic",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),

        // MARK: Tests
        .testTarget(name: "TraceModelTests", dependencies: ["TraceModel"], swiftSettings: strict),
        .testTarget(
            name: "DeviceProtocolsTests", dependencies: ["DeviceProtocols", "TraceModel"],
            resources: [.copy("Fixtures")], swiftSettings: strict),
        .testTarget(name: "TradeLogicTests", dependencies: ["TradeLogic", "TraceModel"], swiftSettings: strict),
        .testTarget(
            name: "DeviceIOTests", dependencies: ["DeviceIO", "DeviceProtocols", "TraceModel", "Simulators"],
            resources: [.copy("Fixtures")], swiftSettings: strict),
        .testTarget(
            name: "LedgerTests", dependencies: ["Ledger", "Benchmarks", "TradeLogic", "TraceModel"],
            swiftSettings: strict),
        .testTarget(
            name: "GatewayTests",
            dependencies: [
                "Gateway", "SimulatedGateway", "TradeLogic", "TraceModel", "DeviceProtocols", "Ledger", "Simulators",
                "DeviceIO", "Delivery", "Uplink", "ReferencePlatform",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        .testTarget(
            name: "SimulatorsTests", dependencies: ["Simulators", "DeviceProtocols", "TraceModel"],
            swiftSettings: strict),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["Ledger", "TraceModel", "TradeLogic", "DeviceProtocols", "Simulators", "ReferencePlatform"],
            swiftSettings: strict),
        .testTarget(
            name: "DeliveryTests", dependencies: ["Delivery", "Ledger", "Uplink", "TraceModel"], swiftSettings: strict),
        .testTarget(
            name: "UplinkTests", dependencies: ["Uplink", "TraceModel"], resources: [.copy("Fixtures")],
            swiftSettings: strict),
        .testTarget(
            name: "UplinkHTTPTests",
            dependencies: [
                "UplinkHTTP", "Uplink", "TraceModel", "CZlib",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        .testTarget(
            name: "UplinkIntegrationTests",
            dependencies: [
                "Delivery", "UplinkHTTP", "ReferencePlatform", "Ledger", "Uplink", "TraceModel", "TradeLogic",
                "Gateway",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        .testTarget(
            name: "ReferencePlatformTests",
            dependencies: [
                "ReferencePlatform", "Uplink", "TraceModel", "CZlib",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strict),
    ]
)
