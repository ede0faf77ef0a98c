/// A `tracegate-tools simulate stall` process: a simulated scale and scanner on pseudo-terminals, linked
/// at the paths a `TestGateway.Stall` names. It runs until SIGTERM (which removes the links).
final class SimulatedStall {
    /// The process; owners `kill()` it on every path.
    let process: ChildProcess

    /// Starts the simulator and waits until it has printed both paths (so the links exist).
    init(
        _ stall: TestGateway.Stall, in directory: ScratchDirectory, seed: UInt64 = 1, noise: Double = 0.05
    ) async throws {
        process = try ChildProcess(
            [
                "simulate", "stall", "--protocol", stall.scaleProtocol, "--scale-link", stall.scalePath,
                "--scanner-link", stall.scannerPath, "--noise", String(noise), "--seed", String(seed),
            ], name: "simulator \(stall.station)", in: directory, executable: TraceGateBinary.toolsPath)
        let process = self.process
        do {
            try await Polling.until(
                "simulator of \(stall.station) to print its paths", evidence: { process.standardErrorTail }
            ) {
                let lines = process.standardOutputLines
                if !process.isRunning { throw TestFailure("simulator exited\n\(process.standardErrorTail)") }
                return lines.contains { $0.hasPrefix("scanner ") } ? true : nil
            }
        } catch {
            process.kill()
            throw error
        }
    }

    /// Stops it at once (also on paths where it already exited).
    func kill() { process.kill() }
}
