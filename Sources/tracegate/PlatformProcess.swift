import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A `tracegate platform` child process (the reference city platform, docs/reference-platform.md) on an
/// ephemeral loopback port with its own SQLite file, for `tracegate bench uplink`. A separate process, so the
/// gateway's figures (CPU, memory) are the gateway's alone.
final class PlatformProcess {
    /// The child.
    let process: Process
    /// `http://127.0.0.1:PORT`, as the platform printed it.
    let url: String
    private let outputPipe = Pipe()

    /// Spawns `executable platform --port 0 --db database` and waits (up to 20 s) for the URL it prints.
    init(executable: String, database: String, maxBatch: Int) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = [
            "platform", "--port", "0", "--host", "127.0.0.1", "--db", database, "--max-batch", "\(maxBatch)",
            "--log-level", "error",
        ]
        process.standardOutput = outputPipe
        do {
            try process.run()
        } catch {
            throw BenchError("cannot start \(executable) platform: \(error)")
        }
        var printed = Data()
        let descriptor = outputPipe.fileHandleForReading.fileDescriptor
        let deadline = ContinuousClock.now + .seconds(20)
        while !printed.contains(UInt8(ascii: "\n")) {
            guard ContinuousClock.now < deadline, process.isRunning else {
                if process.isRunning { process.terminate() }
                throw BenchError("tracegate platform did not print its URL within 20 s (database \(database))")
            }
            var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&request, 1, 200) > 0 else { continue }
            var buffer = [UInt8](repeating: 0, count: 512)
            let count = read(descriptor, &buffer, buffer.count)
            if count > 0 { printed.append(contentsOf: buffer[0..<count]) }
        }
        url = String(decoding: printed, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
    }

    /// Trades the platform accepted since it started (stored now, plus duplicates of trades it already had).
    func acceptedTrades() throws -> Int {
        let counters = try json(path: "/admin/stats")["counters"] as? [String: Any] ?? [:]
        return (counters["accepted"] as? Int ?? 0) + (counters["duplicates"] as? Int ?? 0)
    }

    /// One page of `GET /admin/trades?station=&after=&limit=`: (trace code, received_at) pairs and the next `after`.
    func trades(station: String, after: Int, limit: Int) throws -> (trades: [(code: String, receivedAt: String)], next: Int) {
        let answer = try json(path: "/admin/trades?station=\(station)&after=\(after)&limit=\(limit)")
        let rows = answer["trades"] as? [[String: Any]] ?? []
        let trades = rows.compactMap { row -> (code: String, receivedAt: String)? in
            guard let trade = row["trade"] as? [String: Any], let code = trade["trace_code"] as? String,
                let received = row["received_at"] as? String
            else { return nil }
            return (code, received)
        }
        return (trades, answer["next_after"] as? Int ?? after)
    }

    /// SIGTERM and wait.
    func stop() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    /// GETs `path` and parses the JSON object it answers.
    private func json(path: String) throws -> [String: Any] {
        guard let target = URL(string: url + path) else { throw BenchError("bad platform URL \(url + path)") }
        let response = try LoopbackHTTPClient.send(method: "GET", to: target, timeoutSeconds: 30)
        guard response.status == 200,
            let object = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any]
        else {
            throw BenchError(
                "the platform answered GET \(path) with \(response.status): \(String(decoding: response.body.prefix(300), as: UTF8.self))"
            )
        }
        return object
    }
}
