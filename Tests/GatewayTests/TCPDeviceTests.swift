import DeviceIO
import DeviceProtocols
import Foundation
import Glibc
import Ledger
import Simulators
import Testing
import TraceModel

@testable import Gateway

/// A real `ser2net` (Debian package) bridging a pseudo-terminal to TCP on loopback: the device server a
/// slaughterhouse's track scale sits behind, which the test can take away and bring back on the same port.
final class Ser2NetBridge: @unchecked Sendable {
    /// The TCP port ser2net accepts on.
    let port: Int
    /// Its configuration file.
    let configurationPath: String
    /// The running ser2net, nil while stopped.
    private var process: Process?

    /// Writes a configuration bridging `ttyPath` (9600 8N1) to 127.0.0.1:<a free port> in `directory`.
    init(ttyPath: String, directory: String) throws {
        port = try LoopbackListener.unusedPort()
        configurationPath = directory + "/ser2net.yaml"
        let yaml = """
            %YAML 1.1
            ---
            connection: &scale
              accepter: tcp,127.0.0.1,\(port)
              connector: serialdev,\(ttyPath),9600n81,local
              options:
                kickolduser: true
            """
        try yaml.write(toFile: configurationPath, atomically: true, encoding: .utf8)
    }

    /// Starts ser2net in the foreground; waits until it accepts connections.
    func start() async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/ser2net")
        process.arguments = ["-n", "-c", configurationPath, "-P", configurationPath + ".pid"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process
        let deadline = ContinuousClock.now + .seconds(10)
        while !Self.accepts(port: port) {
            guard ContinuousClock.now < deadline, process.isRunning else {
                throw WaitTimeout(what: "ser2net listening on 127.0.0.1:\(port) (is the ser2net package installed?)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Kills ser2net and waits for it: the device server loses power, its connections with it. (SIGKILL: a child
    /// of the test process inherits the test thread's blocked signals, and ser2net waits for SIGTERM in a
    /// thread of its own, so SIGTERM can stay pending for ever.)
    func stop() {
        guard let process else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        self.process = nil
    }

    /// Whether something listens on 127.0.0.1:`port`: a probe connection that is closed at once (ser2net takes
    /// it as a client that left; `kickolduser` lets the gateway's connection in after it).
    static func accepts(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}

@Suite("Devices behind a serial device server (transport: tcp)", .serialized)
struct TCPDeviceTests {
    /// A stall whose scale (xk3190-a12) is reached through a device server at `address`, its scanner on a pty.
    static func yaml(directory: String, address: String, scannerPath: String) -> String {
        """
        node: {code: "330102001", operators: [{code: "3301020010001", name: 张三}]}
        ledger: {path: "\(directory)/ledger.db"}
        api: {listen: "127.0.0.1:0"}
        devices:
          - id: scale
            protocol: xk3190-a12
            transport: tcp
            address: "\(address)"
            stable_frames: 2
          - {id: scanner, protocol: barcode-line, path: "\(scannerPath)"}
        catalogue:
          - {code: "10010001", name: 猪后腿肉, price_fen: 1500, price_unit: jin, gtin: ["6901234567892"]}
        stations:
          - {id: stall-1, operator: "3301020010001", scale: scale, scanner: scanner, stable_ms: 0}
        """
    }

    /// Loads `yaml` and returns the error text (empty if it loaded).
    static func errors(_ yaml: String) -> String {
        do {
            _ = try GatewayConfiguration.load(yaml: yaml, file: "t.yaml")
            return ""
        } catch {
            return "\(error)"
        }
    }

    /// A scale behind a real ser2net trades; ser2net going away is reported and waited out; when it comes back on
    /// the same port the scale trades again, and every acknowledged trade is in the ledger as weighed.
    @Test func aScaleBehindSer2NetTradesAndSurvivesTheServerGoingAwayAndComingBack() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tracegate-tcp-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let scale = try PseudoTerminal()
        let scanner = try PseudoTerminal()
        defer {
            scale.close()
            scanner.close()
        }
        let bridge = try Ser2NetBridge(ttyPath: scale.slavePath, directory: directory.path)
        try await bridge.start()
        defer { bridge.stop() }
        let configuration = try GatewayConfiguration.load(
            yaml: Self.yaml(
                directory: directory.path, address: "127.0.0.1:\(bridge.port)", scannerPath: scanner.slavePath),
            file: "tcp.yaml")
        var options = GatewayOptions()
        options.handleSignals = false
        options.apiPortOverride = 0
        let log = EventLog()
        let runtime = try GatewayRuntime(configuration: configuration, options: options, events: log.sink)
        func status() -> DeviceStatusJSON? { runtime.deviceStatuses().first { $0.id == "scale" } }
        func weigh(_ grams: Int64) async throws {
            let frame = XK3190A12Encoder().encode(WeightReading(grams: grams, stable: true))
            for _ in 0..<3 {
                try await scale.write(frame)
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        func sell(_ grams: Int64, trades: Int) async throws {
            try await weigh(0)
            try await scanner.write(BarcodeLineEncoder().encode(BarcodeRead(data: "6901234567892")))
            try await Task.sleep(for: .milliseconds(50))
            try await weigh(grams)
            try await log.wait("trade \(trades)") { log.trades.count == trades }
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await runtime.run() }
            try await log.wait("the scale connected through ser2net") { status()?.state == "connected" }
            #expect(status()?.path == "tcp://127.0.0.1:\(bridge.port)")
            try await sell(1230, trades: 1)

            bridge.stop()
            try await log.wait("the scale waiting for its device server") {
                status()?.state.hasPrefix("waiting") == true
            }
            let reason = status()?.state ?? ""
            #expect(reason.contains("tcp://127.0.0.1:\(bridge.port)"), "\(reason)")
            // The trade acknowledged before the outage is untouched; nothing is traded while the scale is away.
            #expect(log.trades.count == 1)

            try await bridge.start()
            try await log.wait("the scale reconnected") { status()?.state == "connected" }
            #expect((status()?.reconnects ?? 0) >= 1)
            try await sell(2460, trades: 2)
            await runtime.stop()
            try await group.waitForAll()
        }
        #expect(log.trades.map(\.draft.grams) == [1230, 2460])
        let ledger = try TradeLedger.openReadOnly(path: directory.path + "/ledger.db")
        defer { try? ledger.close() }
        let stored = try ledger.trades(afterID: 0, limit: 10)
        #expect(stored.map(\.traceCode) == log.trades.map(\.traceCode))
        #expect(stored.map(\.draft.grams) == [1230, 2460])
    }

    /// The tcp keys are read and checked at their keys; serial-line keys are refused on a TCP device, tcp keys
    /// on other transports.
    @Test func tcpSettingsAreReadAndValidated() throws {
        let base = Self.yaml(directory: "/tmp", address: "192.168.1.254:4001", scannerPath: "/dev/pts/9")
        let configuration = try GatewayConfiguration.load(yaml: base, file: "t.yaml")
        let scale = try #require(configuration.device("scale"))
        #expect(scale.transport == .tcp)
        #expect(scale.path == "tcp://192.168.1.254:4001")
        #expect(scale.port.tcp == TCPPortSettings(endpoint: TCPEndpoint(host: "192.168.1.254", port: 4001)))
        guard case .tcp(let connection) = scale.connection(path: scale.path) else {
            Issue.record("not a TCP connection")
            return
        }
        #expect(connection.silenceTimeout == .seconds(5), "a scale behind a device server is expected to talk")
        #expect(connection.connectTimeout == .seconds(3))

        let cases: [(from: String, to: String, error: String)] = [
            ("192.168.1.254:4001", "192.168.1.254", "t.yaml:8: devices[0].address: '192.168.1.254' is not HOST:PORT"),
            ("192.168.1.254:4001", "192.168.1.254:0", "devices[0].address: '192.168.1.254:0' is not HOST:PORT"),
            (
                "    address: \"192.168.1.254:4001\"\n",
                "    address: \"192.168.1.254:4001\"\n    baud: 9600\n",
                "t.yaml:9: devices[0].baud: baud is set in the device server"
            ),
            (
                "    address: \"192.168.1.254:4001\"\n",
                "    address: \"192.168.1.254:4001\"\n    path: /dev/ttyS0\n",
                "devices[0].path: a TCP device is found by address: HOST:PORT, not by a path"
            ),
            (
                "    address: \"192.168.1.254:4001\"\n",
                "    address: \"192.168.1.254:4001\"\n    connect_timeout_ms: 50\n",
                "devices[0].connect_timeout_ms"
            ),
            ("    address: \"192.168.1.254:4001\"\n", "", "devices[0].address"),
            (
                "path: \"/dev/pts/9\"}", "path: \"/dev/pts/9\", address: \"10.0.0.1:1\"}",
                "devices[1].address: address applies only to devices with transport: tcp"
            ),
        ]
        for (from, to, error) in cases {
            let text = Self.errors(base.replacingOccurrences(of: from, with: to))
            #expect(text.contains(error), "\(to): \(text)")
        }
    }
}
