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
    let simulators: [Process]

    /// Starts `stalls` simulators with their links in `directory` and writes the configuration there.
    static func start(stalls: Int, in directory: String) async throws -> SimulatedMarket {
        let tools = try currentExecutable()
        let executable = try daemonExecutable()
        let ledgerPath = directory + "/ledger.db"
        let configurationPath = directory + "/tracegate.yaml"
        do {
            let yaml = try configuration(stalls: stalls, linkDirectory: directory, ledgerPath: ledgerPath).yaml()
            // Checked here so a mistake shows as one message, not as ten failed daemon starts.
            _ = try GatewayConfiguration.load(yaml: yaml, file: configurationPath)
            try yaml.write(toFile: configurationPath, atomically: true, encoding: .utf8)
        } catch {
            throw BenchError("cannot prepare the benchmark configuration \(configurationPath): \(error)")
        }
        var simulators: [Process] = []
        do {
            for index in 1...stalls {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: tools)
                process.arguments = [
                    "simulate", "stall", "--protocol", "xk3190-tf0", "--seed", "\(index)",
                    "--scale-link", "\(directory)/scale-\(index)", "--scanner-link", "\(directory)/scanner-\(index)",
                ]
                process.standardOutput = FileHandle.nullDevice
                try process.run()
                simulators.append(process)
            }
            let market = SimulatedMarket(
                executable: executable, configurationPath: configurationPath, ledgerPath: ledgerPath,
                linkDirectory: directory, deviceCount: stalls * 2, simulators: simulators)
            try await market.waitForLinks(in: directory, stalls: stalls)
            return market
        } catch {
            stop(simulators)
            throw error
        }
    }

    /// Stops the simulators (SIGTERM: they close their pseudo-terminals and remove their links).
    func stop() { Self.stop(simulators) }

    /// Removes the ledger and its WAL and shared-memory files, so the next daemon starts on a fresh one.
    func removeLedger() {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: ledgerPath + suffix) }
    }

    /// The demo configuration with each simulated device read from its simulator's link in `linkDirectory`.
    static func configuration(stalls: Int, linkDirectory: String, ledgerPath: String) -> GatewayConfiguration {
        var configuration = DemoConfiguration.configuration(
            ledgerPath: ledgerPath, stalls: stalls, apiPort: 8417, scaleProtocols: [XK3190ContinuousDecoder.descriptor])
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

    /// Waits until every simulator's links exist (a simulator creates them right after opening its ptys).
    private func waitForLinks(in directory: String, stalls: Int) async throws {
        let links = (1...stalls).flatMap { ["\(directory)/scale-\($0)", "\(directory)/scanner-\($0)"] }
        for _ in 0..<200 {
            if links.allSatisfy({ FileManager.default.fileExists(atPath: $0) }) { return }
            if let exited = simulators.first(where: { !$0.isRunning }) {
                throw BenchError(
                    "a simulator (tracegate-tools \(exited.arguments?.joined(separator: " ") ?? "")) exited with status \(exited.terminationStatus); run it by hand to see why"
                )
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw BenchError("simulator links did not appear in \(directory) within 10 s; is the directory writable?")
    }

    /// SIGTERM to each simulator, then waits for each.
    private static func stop(_ simulators: [Process]) {
        for process in simulators where process.isRunning { process.terminate() }
        for process in simulators { process.waitUntilExit() }
    }
}
