import ArgumentParser
import CommandSupport
import DeviceIO
import DeviceProtocols
import Foundation
import Gateway
import TraceModel
import TradeLogic

extension BenchCommand {
    /// `tracegate-tools bench tcp`: what devices behind serial device servers cost the daemon in memory.
    struct TCPDevices: ScratchBenchmark {
        static let configuration = CommandConfiguration(
            commandName: "tcp",
            abstract: "Resident memory that --devices scales behind serial device servers (transport: tcp) add.",
            discussion: """
                Runs `tracegate run` three times for --seconds each and reads its VmRSS (the median of five samples \
                over a second): with no device, with one scale of `transport: tcp`, and with 1 + --devices of them. \
                Each is a loopback socket of this process sending an XK3190 continuous frame every 100 ms (a scale \
                behind a Moxa NPort), on a station of its own, so its frames are decoded and weighed. The \
                difference between the last two runs is what --devices more TCP devices cost; the first shows what \
                having devices at all costs (their code). Target (issue 10): 10 TCP devices add ≤ 2 MB.
                """)

        @Option(help: "Scales behind device servers.")
        var devices: Int = 10

        @Option(help: "Seconds each daemon runs before its memory is read.")
        var seconds: Int = 30

        @OptionGroup var scratchDirectory: ScratchDirectoryOption

        func validate() throws {
            try OptionCheck.between(1...100, devices, "devices")
            try OptionCheck.atLeast(1, seconds, "seconds")
        }

        func measure(in scratch: BenchDirectory) async throws {
            let frame = XK3190ContinuousEncoder().encode(WeightReading(grams: 0, stable: true))
            let server = try TCPFrameServer(count: devices + 1, frame: frame, interval: .milliseconds(100))
            defer { server.stop() }
            var runs: [(memory: ProcessMemory, frames: Int, descriptors: Int)] = []
            for count in [0, 1, devices + 1] {
                let ports = Array(server.ports.prefix(count))
                runs.append(try run(Self.configuration(ports: ports, directory: scratch.path + "/\(count)"), server))
                let run = runs[runs.count - 1]
                print(
                    String(
                        format:
                            "tcp: tracegate run after %d s, %d TCP scales (10 frames/s each, %d frames sent to it): VmRSS %.1f MiB (RssAnon %.1f, RssFile %.1f), %d threads, %d fds",
                        seconds, count, run.frames, Double(run.memory.residentKiB) / 1024,
                        Double(run.memory.anonymousKiB) / 1024, Double(run.memory.fileKiB) / 1024, run.memory.threads,
                        run.descriptors))
            }
            func added(_ from: Int, _ to: Int) -> Double {
                Double(runs[to].memory.residentKiB - runs[from].memory.residentKiB) * 1024
            }
            print(
                String(
                    format:
                        "tcp: %d more TCP devices (1 → %d) add %.2f MB (%.2f MiB) of VmRSS; all %d against a daemon with no device at all: %.2f MB (the device, station and decoder code every device brings)",
                    devices, devices + 1, added(1, 2) / 1_000_000, added(1, 2) / 1_048_576, devices + 1,
                    added(0, 2) / 1_000_000))
        }

        /// Runs the daemon on `configuration` for `seconds`; its memory then, the frames `server` sent it, and its
        /// open descriptors. Fails when its TCP scales were not all connected at the end.
        private func run(_ configuration: GatewayConfiguration, _ server: TCPFrameServer) throws -> (
            memory: ProcessMemory, frames: Int, descriptors: Int
        ) {
            let directory = configuration.ledger.path.replacingOccurrences(of: "/ledger.db", with: "")
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let path = directory + "/tracegate.yaml"
            try configuration.yaml().write(toFile: path, atomically: true, encoding: .utf8)
            let daemon = try GatewayProcess(
                executable: try SimulatedMarket.daemonExecutable(), configurationPath: path)
            let sentBefore = server.framesSent
            let (memory, descriptors, clients) = try daemon.measuring {
                _ = try daemon.waitUntilReady()
                try daemon.drain(for: .seconds(seconds))
                let descriptors = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(daemon.pid)/fd").count
                return (try ProcessMemory.median(pid: daemon.pid), descriptors, server.clients)
            }
            let frames = server.framesSent - sentBefore
            try daemon.requireCleanStop(try daemon.stop())
            if clients != configuration.devices.count {
                throw BenchError(
                    "\(clients) of \(configuration.devices.count) TCP scales were connected; the figures would mean nothing"
                )
            }
            return (memory, frames, descriptors)
        }

        /// A node with one station per TCP scale at 127.0.0.1:`ports`, or no device at all.
        static func configuration(ports: [Int], directory: String) -> GatewayConfiguration {
            let nodeCode = "330102001"
            var operators = [OperatorSettings(code: nodeCode + "0000", name: "office")]
            var devices: [DeviceSettings] = []
            var stations: [StationSettings] = []
            for (index, port) in ports.enumerated() {
                let code = nodeCode + String(format: "%04d", index + 1)
                operators.append(OperatorSettings(code: code, name: "line \(index + 1)"))
                devices.append(
                    DeviceSettings(
                        id: "scale-\(index + 1)", kind: .scale, protocolName: XK3190ContinuousDecoder.descriptor.name,
                        port: .tcp(TCPPortSettings(endpoint: TCPEndpoint(host: "127.0.0.1", port: port)))))
                stations.append(
                    StationSettings(
                        id: "line-\(index + 1)", operatorCode: code, scale: "scale-\(index + 1)",
                        rules: RetailStationSettings(
                            station: "line-\(index + 1)", nodeCode: nodeCode, operatorCode: code)))
            }
            return GatewayConfiguration(
                node: NodeSettings(code: nodeCode, name: "tcp benchmark plant", operators: operators),
                ledger: LedgerSettings(path: "\(directory)/ledger.db"), devices: devices,
                catalogue: [
                    CatalogueItem(
                        code: "10010001", name: "pork", unitPriceFenPerKg: Pricing.fenPerKg(price: 1500, per: .jin))
                ],
                stations: stations)
        }
    }
}
