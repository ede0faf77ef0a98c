import ArgumentParser
import CommandSupport
import DeviceProtocols
import Foundation
import Gateway
import Simulators
import TraceModel
import TradeLogic

extension BenchCommand {
    /// `tracegate-tools bench decode`: decoder throughput per protocol.
    struct DecodeThroughput: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "decode",
            abstract: "Decode simulated device traffic with every protocol's decoder; print MB/s and frames/s.",
            discussion: """
                For each protocol in `tracegate decode --list`, builds about --megabytes of clean traffic with the
                simulators (scale frames, polled replies, scanner lines, RFID reader frames), then feeds it to a
                fresh decoder in 4 KiB chunks (as reads from a port arrive) for at least --seconds, and prints
                throughput. One core, release build.
                """)

        @Option(help: "Traffic per protocol, in MB.")
        var megabytes: Double = 2

        @Option(help: "Minimum decoding time per protocol, in seconds.")
        var seconds: Double = 1

        @Option(name: .customLong("protocol"), help: "Only these protocols (repeatable; default all).")
        var protocols: [String] = []

        func validate() throws {
            try OptionCheck.between(0.01...100, megabytes, "megabytes")
            try OptionCheck.positive(seconds, "seconds")
            for name in protocols where ProtocolCatalog.descriptor(named: name) == nil {
                throw ValidationError("--protocol '\(name)' is unknown; see `tracegate decode --list`")
            }
        }

        func run() async throws {
            BenchCommand.warnIfDebugBuild()
            let names = protocols.isEmpty ? ProtocolCatalog.all.map(\.name) : protocols
            for name in names {
                let options = Self.options(for: name)
                let traffic = try Self.traffic(for: name, options: options, bytes: Int(megabytes * 1_000_000))
                var fed = 0
                var events = 0
                var errors = 0
                let clock = ContinuousClock()
                let start = clock.now
                repeat {
                    var decoder = try ProtocolCatalog.makeDecoder(named: name, options: options)
                    var index = 0
                    while index < traffic.count {
                        let end = min(index + 4096, traffic.count)
                        for event in decoder.feed(Array(traffic[index..<end])) {
                            if case .frameError = event { errors += 1 } else { events += 1 }
                        }
                        index = end
                    }
                    fed += traffic.count
                } while (clock.now - start).seconds < seconds
                let elapsed = (clock.now - start).seconds
                print(
                    String(
                        format: "decode: %@ %8.1f MB/s  %10.0f events/s  (%.1f MB in %.2f s, %d frame errors)",
                        name.padding(toLength: 17, withPad: " ", startingAt: 0), Double(fed) / elapsed / 1e6,
                        Double(events) / elapsed, Double(fed) / 1e6,
                        elapsed, errors))
            }
        }

        /// Options that let every protocol decode its simulated traffic (the descriptor's example options).
        static func options(for name: String) -> DecoderOptions {
            ProtocolCatalog.descriptor(named: name)?.exampleOptions ?? DecoderOptions()
        }

        /// About `bytes` of what a device of protocol `name` sends (clean, no noise): from the scale or RFID
        /// reader simulator when the protocol has an encoder, else its descriptor's sample frames repeated.
        static func traffic(for name: String, options: DecoderOptions, bytes: Int) throws -> [UInt8] {
            var traffic: [UInt8] = []
            traffic.reserveCapacity(bytes + 4096)
            guard let descriptor = ProtocolCatalog.descriptor(named: name) else {
                throw BenchError("unknown protocol \(name)")
            }
            let poll =
                try descriptor.pollCommand ?? ProtocolCatalog.makeDecoder(named: name, options: options).pollCommand
            if descriptor.hasScaleEncoder {
                var settings = ScaleSimulationSettings()
                settings.noiseProbability = 0
                var scale = try ScaleSimulation(protocolName: name, options: options, settings: settings, seed: 1)
                while traffic.count < bytes {
                    traffic += scale.step(elapsedMilliseconds: settings.frameIntervalMilliseconds)
                    if let poll { traffic += scale.respond(to: poll) }
                }
            } else if descriptor.tagEncoder != nil {
                var reader = try RFIDReaderSimulation(protocolName: name, seed: 1)
                var idle = 0
                while traffic.count < bytes, idle < 100_000 {
                    let before = traffic.count
                    traffic += reader.step(elapsedMilliseconds: RFIDReaderSimulation.readIntervalMilliseconds)
                    if let poll { traffic += reader.respond(to: poll) }
                    idle = traffic.count == before ? idle + 1 : 0
                }
            } else if let frames = descriptor.sampleFrames(options: options), !frames.isEmpty {
                let cycle = frames.joined()
                while traffic.count < bytes { traffic += cycle }
            }
            guard !traffic.isEmpty else { throw BenchError("the \(name) simulator produced no traffic") }
            return traffic
        }
    }

    /// `tracegate-tools bench idle`: CPU of `tracegate run` reading 10 continuous scales and 2 polled UHF readers.
    struct IdleCPU: ScratchBenchmark {
        static let configuration = CommandConfiguration(
            commandName: "idle",
            abstract: "CPU of `tracegate run` idling with continuous-output scales and polled RFID readers.",
            discussion: """
                Starts --scales `tracegate-tools simulate scale --protocol xk3190-tf0` (9600 baud 8N1, a frame every
                100 ms, as an XK3190 in continuous mode) and --readers `tracegate-tools simulate rfid --protocol
                uhf-r2000` (polled with the real-time inventory command every 200 ms), each on a pseudo-terminal,
                and runs `tracegate run` on a configuration that reads them: one station per scale, no product
                scanned, so nothing is traded — a market at rest. After --warmup seconds it reads the daemon's
                utime+stime from /proc/PID/stat, waits --seconds and reads them again. Target: ≤ 2% of one core.
                """)

        @Option(help: "Continuous-output scales.")
        var scales: Int = 10

        @Option(help: "Polled UHF RFID readers.")
        var readers: Int = 2

        @Option(help: "Measuring time, in seconds.")
        var seconds: Int = 20

        @Option(help: "Time after ready before measuring, in seconds.")
        var warmup: Int = 3

        @OptionGroup var scratchDirectory: ScratchDirectoryOption

        func validate() throws {
            try OptionCheck.between(1...100, scales, "scales")
            try OptionCheck.between(0...20, readers, "readers")
            try OptionCheck.atLeast(1, seconds, "seconds")
            try OptionCheck.atLeast(0, warmup, "warmup")
        }

        func measure(in scratch: BenchDirectory) async throws {
            var simulators = SimulatorProcesses(tools: try SimulatedMarket.currentExecutable())
            let daemonExecutable = try SimulatedMarket.daemonExecutable()
            defer { simulators.stop() }
            for index in 1...scales {
                try simulators.startDevice(
                    "scale", protocol: "xk3190-tf0", seed: index, link: "\(scratch.path)/scale-\(index)")
            }
            for index in 0..<readers {
                try simulators.startDevice(
                    "rfid", protocol: "uhf-r2000", seed: index + 1, link: "\(scratch.path)/rfid-\(index + 1)")
            }
            try await simulators.waitForLinks(in: scratch.path)
            let configurationPath = scratch.path + "/tracegate.yaml"
            try Self.configuration(scales: scales, readers: readers, directory: scratch.path).yaml()
                .write(toFile: configurationPath, atomically: true, encoding: .utf8)
            let daemon = try GatewayProcess(executable: daemonExecutable, configurationPath: configurationPath)
            let clock = ContinuousClock()
            let (before, after, elapsed) = try daemon.measuring {
                _ = try daemon.waitUntilReady()
                try daemon.drain(for: .seconds(warmup))
                let before = try Self.cpuTicks(pid: daemon.pid)
                let start = clock.now
                try daemon.drain(for: .seconds(seconds))
                let after = try Self.cpuTicks(pid: daemon.pid)
                return (before, after, clock.now - start)
            }
            let status = try daemon.stop()
            let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))
            let cpuSeconds = Double(after - before) / ticksPerSecond
            print(
                String(
                    format:
                        "idle: tracegate run, %d continuous scales (xk3190-tf0, 10 frames/s) + %d polled uhf-r2000 readers (5 polls/s): %.2f%% of one core (%.2f CPU s in %.1f s)",
                    scales, readers, cpuSeconds / elapsed.seconds * 100, cpuSeconds, elapsed.seconds))
            try daemon.requireCleanStop(status)
        }

        /// utime + stime of `pid`, in clock ticks (/proc/PID/stat fields 14 and 15).
        static func cpuTicks(pid: Int32) throws -> Int64 {
            guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = text.lastIndex(of: ")")
            else { throw BenchError("cannot read /proc/\(pid)/stat; did the daemon exit?") }
            // Fields after the command name (which may contain spaces) start at field 3.
            let fields = text[text.index(after: close)...].split(separator: " ")
            guard fields.count > 13, let user = Int64(fields[11]), let system = Int64(fields[12]) else {
                throw BenchError("unexpected /proc/\(pid)/stat format")
            }
            return user + system
        }

        /// Scales on stations without a product (nothing trades), readers unattached.
        static func configuration(scales: Int, readers: Int, directory: String) -> GatewayConfiguration {
            let nodeCode = "330102001"
            var operators: [OperatorSettings] = []
            var devices: [DeviceSettings] = []
            var stations: [StationSettings] = []
            for index in 1...scales {
                let code = nodeCode + String(format: "%04d", index)
                operators.append(OperatorSettings(code: code, name: "stall \(index)"))
                devices.append(
                    DeviceSettings(
                        id: "scale-\(index)", protocol: XK3190ContinuousDecoder.descriptor,
                        path: "\(directory)/scale-\(index)"))
                stations.append(
                    StationSettings(
                        id: "stall-\(index)", operatorCode: code, scale: "scale-\(index)",
                        rules: RetailStationSettings(station: "stall-\(index)", nodeCode: nodeCode, operatorCode: code))
                )
            }
            for index in 0..<readers {
                devices.append(
                    DeviceSettings(
                        id: "rfid-\(index + 1)", protocol: R2000Decoder.descriptor,
                        path: "\(directory)/rfid-\(index + 1)"))
            }
            return GatewayConfiguration(
                node: NodeSettings(code: nodeCode, name: "idle benchmark market", operators: operators),
                ledger: LedgerSettings(path: "\(directory)/ledger.db"), devices: devices,
                catalogue: [
                    CatalogueItem(
                        code: "10010001", name: "pork", unitPriceFenPerKg: Pricing.fenPerKg(price: 1500, per: .jin))
                ],
                stations: stations)
        }
    }
}
