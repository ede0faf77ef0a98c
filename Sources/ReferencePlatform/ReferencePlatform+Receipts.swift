import Foundation
import Hummingbird
import Uplink

/// The receipts log (docs/reference-platform.md, "Receipts"): what the gateway actually sent, request by request and
/// item by item, faulted or not, with the platform's answer; read with `GET /admin/receipts` or `receipts(…)`.
extension ReferencePlatform {
    /// How an upload route's body is read for the receipts log when its handler does not run (a fault before
    /// handling): the format and the batch id and trades, or nil when the body is unreadable.
    struct ReceiptSource: Sendable {
        /// The wire format.
        var format: String
        /// Reads the body.
        var read:
            @Sendable (_ platform: ReferencePlatform, _ request: Request, _ context: PlatformContext, _ body: [UInt8])
                ->
                (batch: String, trades: [PlatformTrade])?

        /// `POST /v1/trades:batch`.
        static let tracegateV1 = ReceiptSource(format: "tracegate-v1") { _, request, _, body in
            guard let batch = try? TradeBatchDecoder.decode(body, idempotencyKey: request.headers[idempotencyKey])
            else { return nil }
            return (batch.id, batch.trades)
        }

        /// `POST /capture`.
        static let epcis = ReceiptSource(format: "epcis-2.0") { _, _, _, body in
            guard let events = try? EPCISCaptureDecoder.decode(body) else { return nil }
            return (
                "",
                events.compactMap { event in
                    if case .trade(let trade, _) = event { trade } else { nil }
                }
            )
        }

        /// `POST /{method}`.
        static let cityForm = ReceiptSource(format: "city-form-json") { platform, _, context, body in
            guard let upload = try? CityFormDecoder.decode(body, mapping: platform.configuration.cityFormMapping)
            else { return nil }
            return (context.parameters.get("method") ?? upload.method, upload.trades)
        }
    }

    /// Logs an upload request that was not handled item by item: its items (read from the body when `trades` is
    /// nil) all answered `none`. Never throws: the log must not change what the sender sees.
    func logUnhandled(
        _ request: Request, _ context: PlatformContext, source: ReceiptSource, ticket: ReceiptTicket,
        outcome: ReceiptOutcome, answered: Bool, batch: String? = nil, trades: [PlatformTrade]? = nil
    ) async {
        var batchID = batch ?? ""
        var items = trades ?? []
        if trades == nil, let bytes = try? await body(of: request, limit: configuration.maxBodyBytes),
            let read = source.read(self, request, context, bytes)
        {
            batchID = batch ?? read.batch
            items = read.trades
        }
        do {
            try await store.logReceipt(
                ticket, format: source.format, batch: batchID, outcome: outcome, answeredNow: answered,
                items: items.map { ($0.traceCode, $0.station, .none) })
        } catch {
            logger.error("cannot log receipts: \(error)")
        }
    }

    /// Logs a refused upload (400, 413, 415) when the request has a receipt ticket.
    func logRefused(
        _ request: Request, _ context: PlatformContext, format: String, batch: String = "",
        trades: [PlatformTrade] = []
    ) async {
        guard let ticket = context.receipt else { return }
        await logUnhandled(
            request, context, source: ReceiptSource(format: format) { _, _, _, _ in nil }, ticket: ticket,
            outcome: .refused, answered: true, batch: batch, trades: trades)
    }

    /// Upload requests with their items after arrival tick `after` (0: from the start), in arrival order.
    public func receipts(after: Int64 = 0, limit: Int = 1000) async throws -> [ReceiptRequest] {
        try await store.receipts(after: after, limit: limit)
    }

    /// The whole receipts log, in arrival order.
    public func receiptLog() async throws -> [ReceiptRequest] {
        var all: [ReceiptRequest] = []
        while true {
            let page = try await store.receipts(after: all.last?.request ?? 0, limit: 5000)
            if page.isEmpty { return all }
            all += page
        }
    }

    /// Per trace code: receipts and first arrival, in first-arrival order (only codes that arrived at least
    /// `minimum` times).
    public func receiptCounts(minimum: Int = 1) async throws -> [ReceiptCount] {
        try await store.receiptCounts(minimum: minimum)
    }

    /// `GET /admin/receipts?after=&limit=`: `{"requests":[…],"next_after":N}` in arrival order (`limit` requests).
    func adminReceipts(_ request: Request, _ context: PlatformContext) async throws -> Response {
        let query = request.uri.queryParameters
        guard let after = Int64(query.get("after") ?? "0"), after >= 0,
            let limit = Int(query.get("limit") ?? "1000"), (1...100_000).contains(limit)
        else {
            return PlatformResponse.problem(.malformed("after must be a request tick ≥ 0 and limit 1…100000"))
        }
        let requests = try await store.receipts(after: after, limit: limit)
        return PlatformResponse.encoded(
            PageReply(name: "requests", items: requests, nextAfter: requests.last?.request ?? after))
    }

    /// `GET /admin/receipts/codes?min=`: `{"codes":[…]}` in first-arrival order.
    func adminReceiptCounts(_ request: Request, _ context: PlatformContext) async throws -> Response {
        guard let minimum = Int(request.uri.queryParameters.get("min") ?? "1"), minimum >= 1 else {
            return PlatformResponse.problem(.malformed("min must be a receipt count ≥ 1"))
        }
        return PlatformResponse.encoded(ReceiptCountsReply(codes: try await store.receiptCounts(minimum: minimum)))
    }

    /// The per-code answer.
    struct ReceiptCountsReply: Encodable {
        var codes: [ReceiptCount]
    }
}
