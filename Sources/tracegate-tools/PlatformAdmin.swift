import CommandSupport
import Foundation

/// The reference platform's admin API (`/admin/stats`, `/admin/trades`, docs/reference-platform.md), read over
/// plain HTTP on loopback by `tracegate-tools bench uplink`.
struct PlatformAdmin: Sendable {
    /// `http://127.0.0.1:PORT`.
    let url: String

    /// Trades the platform accepted since it started (stored now, plus duplicates of trades it already had).
    func acceptedTrades() throws -> Int {
        let counters = try json(path: "/admin/stats")["counters"] as? [String: Any] ?? [:]
        return (counters["accepted"] as? Int ?? 0) + (counters["duplicates"] as? Int ?? 0)
    }

    /// One page of `GET /admin/trades?station=&after=&limit=`: (trace code, received_at) pairs and the next `after`.
    func trades(station: String, after: Int, limit: Int) throws -> (
        trades: [(code: String, receivedAt: String)], next: Int
    ) {
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
