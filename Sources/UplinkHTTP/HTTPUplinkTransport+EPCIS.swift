import Foundation
import Uplink

/// EPCIS 2.0 capture (domain.md §3): `OPTIONS /capture` for limits, `POST /capture` → 202 + `Location`, then
/// polling the capture job until it finishes.
extension HTTPUplinkTransport {
    /// Reads `GS1-EPCIS-Capture-Limit` and `GS1-EPCIS-Capture-File-Size-Limit` from `OPTIONS /capture`.
    /// Any answer settles the question until the next 413; no answer (network down) leaves it open and the
    /// configured limits apply meanwhile.
    func discoverCaptureLimits() async {
        let exchange: PlatformExchange
        do {
            exchange = try await connection.exchange(.OPTIONS, url: connection.endpoint.url("/capture"))
        } catch {
            return
        }
        let trades = exchange.header("GS1-EPCIS-Capture-Limit").flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let bytes = exchange.header("GS1-EPCIS-Capture-File-Size-Limit").flatMap {
            Int($0.trimmingCharacters(in: .whitespaces))
        }
        learned.withLockedValue {
            $0.needsCaptureOptions = false
            if exchange.isSuccess {
                $0.announcedTrades = trades.flatMap { $0 > 0 ? $0 : nil }
                $0.announcedBytes = bytes.flatMap { $0 > 0 ? $0 : nil }
            }
        }
    }

    /// Captures `batch` as one EPCIS document and waits for the job's outcome.
    func capture(_ batch: UplinkBatch) async throws(UplinkSendError) -> BatchReply {
        let encoder = EPCISDocumentEncoder(node: node, identifiers: settings.epcisIdentifiers)
        var body = encoder.encode(batch, creationDate: now())
        // All-or-nothing: a failed capture stores no event, so every trade stays in exactly one known state.
        body.headers.append(UplinkHeader("GS1-Capture-Error-Behaviour", "rollback"))
        let exchange = try await post(body, to: connection.endpoint.url("/capture"), gzip: false)
        switch exchange.status {
        case 202:
            break
        case 400, 422:
            return try validationFailure(exchange, batch: batch, encoder: encoder)
        case 401, 403, 413, 429, 500...599:
            return try interpret(exchange, for: batch, decoder: Self.statusOnly)
        default:
            if exchange.isSuccess {
                throw UplinkSendError(
                    .badReply,
                    "platform '\(platformName)' answered POST /capture with \(exchange.status) instead of 202 Accepted;"
                        + " not an EPCIS 2.0 capture interface?",
                    status: exchange.status)
            }
            throw unexpectedStatus(exchange)
        }
        guard let location = exchange.header("Location") else {
            throw UplinkSendError(
                .badReply, "platform '\(platformName)' accepted the capture (202) without a Location to poll",
                status: 202)
        }
        guard let jobURL = connection.endpoint.resolve(location: location) else {
            throw UplinkSendError(
                .badReply,
                "platform '\(platformName)' gave capture job location '\(location)' outside \(connection.endpoint.origin);"
                    + " not followed",
                status: 202)
        }
        return try await pollJob(at: jobURL, batch: batch, encoder: encoder)
    }

    /// Polls the job with doubling waits (initial … max) until it finishes or the total wait runs out.
    func pollJob(at url: String, batch: UplinkBatch, encoder: EPCISDocumentEncoder) async throws(UplinkSendError)
        -> BatchReply
    {
        let deadline = now().addingTimeInterval(settings.epcisJobMaxWaitSeconds)
        var wait = settings.epcisPollInitialSeconds
        while true {
            do {
                try await Task.sleep(for: .milliseconds(Int64(wait * 1000)))
            } catch {
                throw UplinkSendError(
                    .unreachable, "platform '\(platformName)': cancelled while waiting for capture job")
            }
            let exchange = try await connection.exchange(
                .GET, url: url, headers: [UplinkHeader("Accept", "application/json")])
            var pause = min(wait * 2, settings.epcisPollMaxSeconds)
            switch exchange.status {
            case 200:
                guard !exchange.truncated, let job = EPCISCaptureJob(exchange.body) else {
                    throw UplinkSendError(
                        .badReply,
                        "platform '\(platformName)' capture job \(url) is not an EPCIS capture job document:"
                            + " \(PlatformExchange.snippet(exchange.body))",
                        status: 200)
                }
                if !job.running {
                    if job.success {
                        return .perItem(batch.traceCodes.map { ItemResult(traceCode: $0, outcome: .accepted) })
                    }
                    return try job.failureReply(traceCodes: batch.traceCodes, eventIDs: eventIDs(batch, encoder))
                }
            case 404, 410:
                return .retryLater(
                    afterSeconds: nil,
                    reason:
                        "capture job \(url) disappeared (\(exchange.status)); resending (events are deduplicated by eventID)"
                )
            case 401, 403:
                throw UplinkSendError(
                    .unauthorized, "platform '\(platformName)' refused our credentials while polling \(url)",
                    status: exchange.status)
            case 429, 500...599:
                if let seconds = RetryAfter.seconds(exchange.header("Retry-After"), now: now()) {
                    pause = min(Double(seconds), settings.epcisPollMaxSeconds)
                }
            default:
                throw unexpectedStatus(exchange)
            }
            if now().addingTimeInterval(pause) > deadline {
                throw UplinkSendError(
                    .timeout,
                    "platform '\(platformName)': capture job \(url) still running after"
                        + " \(Int(settings.epcisJobMaxWaitSeconds)) s; the batch stays pending and is resent"
                        + " (events are deduplicated by eventID)")
            }
            wait = pause
        }
    }

    /// 400/422 on POST: a `ValidationException` rejects (see `EPCISCaptureJob`); anything else is a status error.
    func validationFailure(_ exchange: PlatformExchange, batch: UplinkBatch, encoder: EPCISDocumentEncoder)
        throws(UplinkSendError) -> BatchReply
    {
        let problem =
            ProblemDetails(exchange.body)
            ?? ProblemDetails(type: nil, title: nil, status: nil, detail: nil, instance: nil)
        guard problem.epcisException == "ValidationException" else { throw unexpectedStatus(exchange) }
        var withStatus = problem
        withStatus.status = withStatus.status ?? exchange.status
        let job = EPCISCaptureJob(running: false, success: false, errors: [withStatus])
        return try job.failureReply(traceCodes: batch.traceCodes, eventIDs: eventIDs(batch, encoder))
    }

    /// Trace code → eventID of its event.
    func eventIDs(_ batch: UplinkBatch, _ encoder: EPCISDocumentEncoder) -> [String: String] {
        var out: [String: String] = [:]
        for trade in batch.trades {
            if case .object(let members) = encoder.event(trade),
                case .string(let id)? = members.first(where: { $0.0 == "eventID" })?.1
            {
                out[trade.traceCode] = id
            }
        }
        return out
    }

    /// The status rules of `interpret` for answers whose body carries no per-item results (413, 429, 5xx).
    static func statusOnly(status: Int, headers: [UplinkHeader], body: [UInt8], for batch: UplinkBatch)
        throws(UplinkReplyError) -> BatchReply
    {
        switch status {
        case 413: return .tooLarge(reason: "platform refused a capture of \(batch.trades.count) events as too large")
        case 429: return .retryLater(afterSeconds: nil, reason: "platform rate limit (429)")
        case 503: return .retryLater(afterSeconds: nil, reason: "platform unavailable (503)")
        default: return .retryLater(afterSeconds: nil, reason: "platform error \(status)")
        }
    }
}
