import Foundation

/// `tracegate-tools simulate …` child processes for the daemon benchmarks, each with its pseudo-terminals behind
/// symlinks that a configuration names as ordinary serial devices.
struct SimulatorProcesses {
    /// The `tracegate-tools` executable the simulators run.
    let tools: String
    /// The running simulators, in start order.
    private(set) var processes: [Process] = []
    /// The links the simulators create.
    private(set) var links: [String] = []

    /// No simulators yet; `tools` runs them.
    init(tools: String) { self.tools = tools }

    /// Starts `tools simulate arguments` with its output discarded; it will create `links`.
    mutating func start(_ arguments: [String], links: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tools)
        process.arguments = ["simulate"] + arguments
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        processes.append(process)
        self.links += links
    }

    /// Starts `tools simulate kind --protocol protocolName --seed seed --link link`: one device behind `link`.
    mutating func startDevice(_ kind: String, protocol protocolName: String, seed: Int, link: String) throws {
        try start([kind, "--protocol", protocolName, "--seed", "\(seed)", "--link", link], links: [link])
    }

    /// Waits until every link exists (a simulator creates them right after opening its pseudo-terminals); throws
    /// when a simulator exits first or the links are not all in `directory` within 10 s.
    func waitForLinks(in directory: String) async throws {
        for _ in 0..<200 {
            if links.allSatisfy({ FileManager.default.fileExists(atPath: $0) }) { return }
            if let exited = processes.first(where: { !$0.isRunning }) {
                throw BenchError(
                    "a simulator (tracegate-tools \(exited.arguments?.joined(separator: " ") ?? "")) exited with status \(exited.terminationStatus); run it by hand to see why"
                )
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw BenchError("simulator links did not appear in \(directory) within 10 s; is the directory writable?")
    }

    /// SIGTERM to each simulator (they close their pseudo-terminals and remove their links), then waits for each.
    func stop() {
        for process in processes where process.isRunning { process.terminate() }
        for process in processes { process.waitUntilExit() }
    }
}
