import Foundation

/// A `tracegate-tools platform --port 0` process: the reference city platform, with faults from its command line.
final class PlatformProcess {
    /// The process; owners `kill()` it on every path.
    let process: ChildProcess
    /// The port it listens on (127.0.0.1).
    let port: Int

    /// Starts the platform with its database in `directory` and waits for "listening on http://127.0.0.1:N".
    init(in directory: ScratchDirectory, faults: [String]) async throws {
        process = try ChildProcess(
            ["platform", "--port", "0", "--db", directory.file("platform.sqlite")] + faults, name: "platform",
            in: directory, executable: TraceGateBinary.toolsPath)
        let process = self.process
        do {
            port = try await Polling.until("the platform to listen", evidence: { process.standardErrorTail }) {
                if let range = process.standardError.range(of: "listening on http://127.0.0.1:") {
                    return Int(process.standardError[range.upperBound...].prefix { $0.isNumber })
                }
                if !process.isRunning { throw TestFailure("platform exited\n\(process.standardErrorTail)") }
                return nil
            }
        } catch {
            process.kill()
            throw error
        }
    }

    /// The platform's API as the gateway configuration names it.
    var url: String { "http://127.0.0.1:\(port)" }

    /// Trades the platform holds.
    func tradesStored() async throws -> Int {
        try await LocalAPIProbe(port: port).get("/admin/stats", as: Stats.self).trades_stored
    }

    /// Every trade it holds in arrival order (`GET /admin/trades`, paged).
    func arrivals() async throws -> [Arrival] {
        var all: [Arrival] = []
        var after: Int64 = 0
        while true {
            let page = try await LocalAPIProbe(port: port).get(
                "/admin/trades?after=\(after)&limit=5000", as: TradesPage.self)
            if page.trades.isEmpty { return all }
            all += page.trades.map { Arrival(traceCode: $0.trade.trace_code, station: $0.trade.station) }
            after = page.next_after
        }
    }

    /// Stops it at once (also on paths where it already exited).
    func kill() { process.kill() }

    /// One trade as it arrived.
    struct Arrival: Hashable, Sendable {
        /// Its trace code.
        var traceCode: String
        /// Its station.
        var station: String
    }

    /// The fields of `GET /admin/stats` the tests read.
    struct Stats: Decodable {
        /// Trades held.
        var trades_stored: Int
    }

    /// `GET /admin/trades`.
    struct TradesPage: Decodable {
        /// One stored trade.
        struct Stored: Decodable {
            /// The fields read.
            struct Trade: Decodable {
                /// Trace code.
                var trace_code: String
                /// Station.
                var station: String
            }
            /// The trade.
            var trade: Trade
        }
        /// The page.
        var trades: [Stored]
        /// Where the next page starts.
        var next_after: Int64
    }
}
