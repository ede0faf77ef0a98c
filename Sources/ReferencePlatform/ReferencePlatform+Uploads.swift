import Foundation
import Hummingbird
import Uplink

/// `POST /v1/trades:batch` (tracegate-v1) and `POST /{method}` (city-form-json).
extension ReferencePlatform {
    /// The `Idempotency-Key` header.
    static let idempotencyKey = HeaderName("Idempotency-Key")!

    /// tracegate-v1: one result per item, in batch order (`docs/uplink-openapi.yaml`, `BatchResult`).
    func uploadBatch(_ request: Request, _ context: PlatformContext) async throws -> Response {
        if let type = request.headers[.contentType], !type.lowercased().hasPrefix("application/json") {
            await logRefused(request, context, format: "tracegate-v1")
            return refuse(
                HTTPProblem(
                    status: 415, title: "Unsupported Media Type", detail: "send application/json, not \(type)"))
        }
        let batch: TradeBatchDecoder.Batch
        do {
            let bytes = try await body(of: request, limit: configuration.maxBodyBytes)
            batch = try TradeBatchDecoder.decode(bytes, idempotencyKey: request.headers[Self.idempotencyKey])
        } catch {
            await logRefused(request, context, format: "tracegate-v1")
            return refuse(error)
        }
        guard batch.trades.count <= configuration.maxBatchTrades else {
            await logRefused(request, context, format: "tracegate-v1", batch: batch.id, trades: batch.trades)
            return refuse(
                Self.tooLarge(
                    "batch has \(batch.trades.count) trades; this platform takes at most \(configuration.maxBatchTrades)"
                ))
        }
        counters.withLock { $0.batches += 1 }
        if let stored = try await store.storedReply(batchID: batch.id) {
            counters.withLock { $0.replays += 1 }
            if let ticket = context.receipt {
                let answers = Self.replayedAnswers(stored, count: batch.trades.count)
                try await store.logReceipt(
                    ticket, format: "tracegate-v1", batch: batch.id, outcome: .replayed, answeredNow: true,
                    items: zip(batch.trades, answers).map { ($0.traceCode, $0.station, $1) })
            }
            return PlatformResponse.json(stored)
        }
        let outcome = try await record(
            batch.trades.map { .init(trade: $0, eventID: nil) }, format: "tracegate-v1",
            batch: batch.id, allOrNothing: false, receipt: context.receipt)
        // Written as bytes, not an OrderedJSON tree per item (BENCHMARKS.md §6); the same text.
        var json = JSONBytes(capacity: 96 + batch.trades.count * 64)
        json.raw(#"{"batch_id":"#)
        json.string(batch.id)
        json.raw(#","results":["#)
        for (index, (trade, status)) in zip(batch.trades, outcome.statuses).enumerated() {
            json.raw(index == 0 ? #"{"trace_code":"# : #",{"trace_code":"#)
            json.string(trade.traceCode)
            json.raw(#","status":"#)
            json.string(status.word)
            if let reason = status.reason {
                json.raw(#","reason":"#)
                json.string(reason)
            }
            json.raw("}")
        }
        json.raw("]}")
        let reply = json.bytes
        // Only final answers are replayed: a replayed `retry` would ask for the same resend forever.
        if !outcome.statuses.contains(where: { if case .retry = $0 { true } else { false } }) {
            try await store.remember(reply: reply, batchID: batch.id)
        }
        return PlatformResponse.json(reply)
    }

    /// city-form-json: `{"success":true}` when every row is stored or held; otherwise nothing is stored and the
    /// answer is `{"success":false,"message":…}` (these platforms have no per-item results).
    func cityForm(_ request: Request, _ context: PlatformContext) async throws -> Response {
        let method = context.parameters.get("method") ?? ""
        func answer(_ success: Bool, _ message: String) -> Response {
            PlatformResponse.json(
                OrderedJSON.object([("success", .bool(success)), ("message", .string(message))]).bytes,
                contentType: "application/json;charset=UTF-8")
        }
        let upload: CityFormDecoder.Upload
        do {
            let bytes = try await body(of: request, limit: configuration.maxBodyBytes)
            upload = try CityFormDecoder.decode(bytes, mapping: configuration.cityFormMapping)
        } catch let problem as HTTPProblem {
            await logRefused(request, context, format: "city-form-json", batch: method)
            return refuse(problem)
        } catch let failure as CityFormDecoder.Failure {
            await logRefused(request, context, format: "city-form-json", batch: method)
            counters.withLock { $0.refusedBodies += 1 }
            return answer(false, failure.message)
        }
        counters.withLock { $0.cityForms += 1 }
        guard upload.method.isEmpty || upload.method == method else {
            await logRefused(request, context, format: "city-form-json", batch: method, trades: upload.trades)
            return answer(false, "dataStr names method '\(upload.method)' but was posted to /\(method)")
        }
        let outcome = try await record(
            upload.trades.map { .init(trade: $0, eventID: nil) }, format: "city-form-json",
            batch: method, allOrNothing: true, receipt: context.receipt)
        if outcome.committed {
            let stored = outcome.statuses.filter { $0 == .accepted }.count
            return answer(true, "stored \(stored), already held \(upload.trades.count - stored)")
        }
        let failures = zip(upload.trades, outcome.statuses).compactMap { trade, status in
            status.reason.map { "\(trade.traceCode): \($0)" }
        }
        return answer(false, "nothing stored; " + failures.joined(separator: "; "))
    }

    /// Plans the items (faults and value checks) and stores them; counts the statuses. With a `receipt`, the request
    /// and its answers go into the receipts log in the same transaction.
    func record(
        _ items: [PlatformStore.Incoming], format: String, batch: String, allOrNothing: Bool,
        receipt: ReceiptTicket? = nil, answeredNow: Bool = true
    ) async throws -> PlatformStore.Outcome {
        var plans = faults.planItems(items.map(\.trade.traceCode))
        for index in items.indices {
            if let problem = items[index].trade.valueProblem {
                plans[index] = .reject("trace code \(items[index].trade.traceCode): \(problem)")
            }
        }
        plans = FaultInjector.keepingStationOrder(plans, stations: items.map(\.trade.station))
        let outcome = try await store.record(
            items, plans: plans, format: format, batch: batch, allOrNothing: allOrNothing, receipt: receipt,
            answeredNow: answeredNow)
        counters.withLock { $0.count(outcome.statuses, committed: outcome.committed) }
        return outcome
    }

    /// The item answers of a replayed tracegate-v1 reply (one per item, in order; `none` where unreadable).
    static func replayedAnswers(_ reply: [UInt8], count: Int) -> [ReceiptAnswer] {
        struct Reply: Decodable {
            struct Result: Decodable { var status: String }
            var results: [Result]
        }
        let results = (try? JSONDecoder().decode(Reply.self, from: Data(reply)))?.results ?? []
        return (0..<count).map { index in
            index < results.count ? ReceiptAnswer(rawValue: results[index].status) ?? .none : .none
        }
    }
}
