import Foundation

/// A `tracegate run --config FILE --json --api-port 0` process: the daemon as systemd runs it,
/// with acknowledged trades read from its standard output.
final class GatewayDaemon {
    /// The process; owners `kill()` it on every path.
    let process: ChildProcess
    /// The configuration file it runs.
    let configurationPath: String

    /// Starts the daemon (it does not wait for readiness; see `waitUntilReady`), inside `launcher` if given, with
    /// `environment` added to the test's.
    init(
        configurationPath: String, in directory: ScratchDirectory, name: String = "daemon", launcher: [String] = [],
        environment: [String: String] = [:]
    ) throws {
        self.configurationPath = configurationPath
        process = try ChildProcess(
            ["run", "--config", configurationPath, "--json", "--api-port", "0"], name: name, in: directory,
            environment: environment, launcher: launcher)
    }

    /// Waits for "tracegate: ready, local API on port N" and returns N. Throws if it exits first.
    func waitUntilReady() async throws -> Int {
        let process = self.process
        return try await Polling.until("\(process.name) to become ready", evidence: { process.standardErrorTail }) {
            for line in process.standardError.split(separator: "\n") {
                if let range = line.range(of: "tracegate: ready, local API on port ") {
                    return Int(line[range.upperBound...].prefix { $0.isNumber })
                }
            }
            if !process.isRunning {
                throw TestFailure("\(process.name) exited before it was ready\n\(process.standardErrorTail)")
            }
            return nil
        }
    }

    /// Trades acknowledged (printed) so far.
    func acknowledgedTrades() throws -> [TradeLine] { try TradeLine.parse(process.standardOutputLines) }

    /// Waits until at least `count` trades were acknowledged and returns all of them.
    @discardableResult
    func waitForTrades(
        _ count: Int, timeout: Duration = Polling.defaultTimeout, interval: Duration = .milliseconds(50)
    ) async throws -> [TradeLine] {
        let process = self.process
        return try await Polling.until(
            "\(count) acknowledged trade(s) from \(process.name)", timeout: timeout, interval: interval,
            evidence: { process.standardErrorTail }
        ) {
            let trades = try acknowledgedTrades()
            if trades.count >= count { return trades }
            if !process.isRunning { throw TestFailure("\(process.name) exited\n\(process.standardErrorTail)") }
            return nil
        }
    }

    /// SIGTERM, then the exit status.
    func stop() async throws -> Int32 {
        process.terminate()
        return try await process.waitForExit()
    }

    /// Stops it at once (also on paths where it already exited).
    func kill() { process.kill() }
}
