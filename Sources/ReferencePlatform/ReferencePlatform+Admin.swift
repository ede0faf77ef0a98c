import Foundation
import Hummingbird
import Uplink

/// Inspection and control for tests: stats, faults, and trades in arrival order.
extension ReferencePlatform {
    /// `GET /admin/stats`.
    func adminStats(_ request: Request, _ context: PlatformContext) async throws -> Response {
        PlatformResponse.encoded(try await stats())
    }

    /// `GET /admin/faults`: the settings in force plus `down_remaining_s`.
    func adminFaults(_ request: Request, _ context: PlatformContext) async throws -> Response {
        PlatformResponse.encoded(FaultsReply(settings: faults.settings, downRemainingSeconds: faults.downRemaining()))
    }

    /// `PUT /admin/faults`: replaces the settings (missing keys are off) and restarts the seeded sequence.
    func adminSetFaults(_ request: Request, _ context: PlatformContext) async throws -> Response {
        do {
            let bytes = try await body(of: request, limit: 1 << 20)
            let settings: FaultSettings
            do {
                settings = try JSONDecoder().decode(FaultSettings.self, from: Data(bytes))
            } catch let error as DecodingError {
                throw HTTPProblem.malformed("not fault settings: \(TradeBatchDecoder.describe(error))")
            }
            guard settings.problems.isEmpty else {
                throw HTTPProblem.malformed(settings.problems.joined(separator: "; "))
            }
            faults.apply(settings)
        } catch let problem as HTTPProblem {
            return PlatformResponse.problem(problem)
        }
        return try await adminFaults(request, context)
    }

    /// `GET /admin/trades?station=&after=&limit=`: `{"trades":[…],"next_after":N}` in arrival order.
    func adminTrades(_ request: Request, _ context: PlatformContext) async throws -> Response {
        let query = request.uri.queryParameters
        let station = query.get("station").flatMap { $0.isEmpty ? nil : String($0) }
        guard let after = Int64(query.get("after") ?? "0"), after >= 0,
            let limit = Int(query.get("limit") ?? "1000"), (1...100_000).contains(limit)
        else {
            return PlatformResponse.problem(
                .malformed("after must be a sequence number ≥ 0 and limit 1…100000"))
        }
        let trades = try await store.trades(station: station, after: after, limit: limit)
        return PlatformResponse.encoded(
            PageReply(name: "trades", items: trades, nextAfter: trades.last?.sequence ?? after))
    }

    /// The faults answer.
    struct FaultsReply: Encodable {
        var settings: FaultSettings
        var downRemainingSeconds: Double

        func encode(to encoder: any Encoder) throws {
            try settings.encode(to: encoder)
            var container = encoder.container(keyedBy: NamedCodingKey.self)
            try container.encode(downRemainingSeconds, forKey: NamedCodingKey("down_remaining_s"))
        }
    }

    /// A page of an admin listing: `{"<name>":[…],"next_after":N}`.
    struct PageReply<Item: Encodable>: Encodable {
        var name: String
        var items: [Item]
        var nextAfter: Int64

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: NamedCodingKey.self)
            try container.encode(items, forKey: NamedCodingKey(name))
            try container.encode(nextAfter, forKey: NamedCodingKey("next_after"))
        }
    }
}
