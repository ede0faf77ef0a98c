import DeviceProtocols
import Foundation
import Gateway
import SimulatedGateway

/// A market for the daemon benchmarks: `tracegate-tools simulate stall` child processes (a scale and a scanner
/// each, on pseudo-terminals behind symlinks) and a configuration with which `tracegate run` reads
/// them as ordinary serial devices — the same arrangement as a real installation, with no simulation
/// inside the daemon.
struct SimulatedMarket {
    /// The daemon (`tracegate`) beside this executable, which the benchmarks start.
    let executable: String
    /// The configuration file for `tracegate run`.
    let configurationPath: String
    /// The ledger that configuration names.
    let ledgerPath: String
    /// Where the simulators' links are.
    let linkDirectory: String
    /// Devices in the configuration (two per stall).
    let deviceCount: Int
    /// The running simulators.
    let simulators: SimulatorProcesses

    /// Starts `stalls` simulators with their links in `directory` and writes the configuration there: the stalls
    /// trade `speed` times faster than real time (`simulate stall --speed`); with `platformURL`, the daemon delivers
    /// to that tracegate-v1 platform; `adjust` changes the configuration before it is written.
    static func start(
        stalls: Int, in directory: String, speed: Int = 1, platformURL: URL? = nil,
        adjust: (inout GatewayConfiguration) -> Void = { _ in }
    ) async throws -> SimulatedMarket {
        let tools = try currentExecutable()
        let executable = try daemonExecutable()
        let ledgerPath = directory + "/ledger.db"
        let configurationPath = directory + "/tracegate.yaml"
        do {
            var gateway = configuration(
                stalls: stalls, linkDirectory: directory, ledgerPath: ledgerPath, platformURL: platformURL)
            adjust(&gateway)
            let yaml = try gateway.yaml()
            // Checked here so a mistake shows as one message, not as ten failed daemon starts.
            _ = try GatewayConfiguration.load(yaml: yaml, file: configurationPath)
            try yaml.write(toFile: configurationPath, atomically: true, encoding: .utf8)
        } catch {
            throw BenchError("cannot prepare the benchmark configuration \(configurationPath): \(error)")
        }
        var simulators = SimulatorProcesses(tools: tools)
        do {
            for index in 1...stalls {
                let scaleLink = "\(directory)/scale-\(index)"
                let scannerLink = "\(directory)/scanner-\(index)"
                try simulators.start(
                    [
                        "stall", "--protocol", "xk3190-tf0", "--seed", "\(index)", "--scale-link", scaleLink,
                        "--scanner-link", scannerLink, "--speed", "\(speed)",
                    ], links: [scaleLink, scannerLink])
            }
            try await simulators.waitForLinks(in: directory)
        } catch {
            simulators.stop()
            throw error
        }
        return SimulatedMarket(
            executable: executable, configurationPath: configurationPath, ledgerPath: ledgerPath,
            linkDirectory: directory, deviceCount: stalls * 2, simulators: simulators)
    }

    /// Stops the simulators (SIGTERM: they close their pseudo-terminals and remove their links).
    func stop() { simulators.stop() }

    /// Spawns `tracegate run` on this market's configuration (the clock of its start time starts now).
    func startDaemon() throws -> GatewayProcess {
        try GatewayProcess(executable: executable, configurationPath: configurationPath)
    }

    /// Removes the ledger and its WAL and shared-memory files, so the next daemon starts on a fresh one.
    func removeLedger() {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: ledgerPath + suffix) }
    }

    /// The demo configuration with each simulated device read from its simulator's link in `linkDirectory`
    /// (and the demo's uplink to `platformURL` when given).
    static func configuration(stalls: Int, linkDirectory: String, ledgerPath: String, platformURL: URL? = nil)
        -> GatewayConfiguration
    {
        var configuration = DemoConfiguration.configuration(
            ledgerPath: ledgerPath, stalls: stalls, apiPort: 8417, scaleProtocols: [XK3190ContinuousDecoder.descriptor],
            platformURL: platformURL)
        for index in configuration.devices.indices {
            let device = configuration.devices[index]
            guard device.simulate, case .serial(var serial) = device.port else { continue }
            serial.identity = .path("\(linkDirectory)/\(device.id)")
            configuration.devices[index].port = .serial(serial)
            configuration.devices[index].simulate = false
        }
        return configuration
    }

    /// The path of the running executable (children run the same build).
    static func currentExecutable() throws -> String {
        do {
            return try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        } catch {
            throw BenchError("cannot find this executable through /proc/self/exe (\(error)); is /proc mounted?")
        }
    }

    /// The `tracegate` daemon built beside this executable (the benchmarks measure the deployed binary).
    static func daemonExecutable() throws -> String {
        let tools = try currentExecutable()
        let daemon = String(tools[..<(tools.lastIndex(of: "/") ?? tools.startIndex)]) + "/tracegate"
        guard FileManager.default.isExecutableFile(atPath: daemon) else {
            throw BenchError(
                "no tracegate daemon at \(daemon); build both products (swift build -c release) before benchmarking")
        }
        return daemon
    }
}
