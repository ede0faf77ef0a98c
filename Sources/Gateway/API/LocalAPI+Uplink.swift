import Foundation
import Hummingbird
import Ledger

extension LocalAPI {
    /// What the local API needs from the uplink (GatewayRuntime provides it).
    public struct UplinkEndpoints: Sendable {
        /// Every platform's status.
        public var status: @Sendable () throws -> [SyncStatusJSON]
        /// Wakes every delivery service.
        public var syncNow: @Sendable () -> Void
        /// Lists pending or rejected trades (platform nil: every platform), oldest first.
        public var outbox: @Sendable (_ state: DeliveryState, _ platform: String?, _ limit: Int) throws -> [OutboxEntry]
        /// Sends a rejected trade back to pending; returns the platforms it was reopened for.
        public var retry: @Sendable (_ code: String, _ platform: String?) async throws -> [String]
        /// Alarms for `/health`.
        public var alarms: @Sendable () -> [String]

        /// Creates the endpoints.
        public init(
            status: @escaping @Sendable () throws -> [SyncStatusJSON], syncNow: @escaping @Sendable () -> Void,
            outbox: @escaping @Sendable (DeliveryState, String?, Int) throws -> [OutboxEntry],
            retry: @escaping @Sendable (String, String?) async throws -> [String],
            alarms: @escaping @Sendable () -> [String]
        ) {
            self.status = status
            self.syncNow = syncNow
            self.outbox = outbox
            self.retry = retry
            self.alarms = alarms
        }
    }

    /// `GET /sync`, `POST /sync/now`, `GET /outbox`, `POST /outbox/{code}/retry`.
    static func addUplinkRoutes(_ router: Router<BasicRequestContext>, _ uplink: UplinkEndpoints) {
        router.get("/sync") { _, _ in
            do {
                return json(try uplink.status())
            } catch {
                return json(["error": "\(error)"], status: .internalServerError)
            }
        }
        router.post("/sync/now") { _, _ in
            uplink.syncNow()
            return json(["result": "delivery woken"])
        }
        router.get("/outbox") { request, _ in
            let query = request.uri.queryParameters
            let stateText = query.get("state") ?? "pending"
            guard let state = DeliveryState(rawValue: stateText), state != .accepted else {
                return json(["error": "state must be pending or rejected (got '\(stateText)')"], status: .badRequest)
            }
            let limit = query.get("limit").flatMap(Int.init) ?? 100
            guard (1...10_000).contains(limit) else {
                return json(["error": "limit must be 1…10000"], status: .badRequest)
            }
            let platform = query.get("platform").flatMap { $0.isEmpty ? nil : $0 }
            do {
                return json(try uplink.outbox(state, platform, limit).map(OutboxEntryJSON.init))
            } catch {
                return json(["error": "\(error)"], status: .internalServerError)
            }
        }
        router.post("/outbox/:code/retry") { request, context in
            let code = context.parameters.get("code") ?? ""
            let platform = request.uri.queryParameters.get("platform").flatMap { $0.isEmpty ? nil : $0 }
            do {
                let platforms = try await uplink.retry(code, platform)
                return json(RetryReply(trace_code: code, platforms: platforms))
            } catch let error as LedgerError {
                return json(["error": error.message], status: error.kind == .missing ? .notFound : .conflict)
            } catch {
                return json(["error": "\(error)"], status: .internalServerError)
            }
        }
    }
}

/// The reply to `POST /outbox/{code}/retry`.
public struct RetryReply: Codable, Sendable, Hashable {
    /// The trade.
    public var trace_code: String
    /// Platforms it is pending for again.
    public var platforms: [String]
}

/// The reply to `GET /health`.
public struct HealthReply: Codable, Sendable, Hashable {
    /// `ok`, or `alarm` when `alarms` is not empty.
    public var status: String
    /// What needs an operator (storage full, rejected trades); omitted when none.
    public var alarms: [String]?
}
