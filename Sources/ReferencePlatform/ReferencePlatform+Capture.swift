import Foundation
import Hummingbird
import Uplink

/// EPCIS 2.0 capture (REST binding; shared/schemas/epcis-2.0/epcis-rest-openapi.json; domain.md §3):
/// `OPTIONS /capture`, `POST /capture` → 202 + `Location`, `GET /capture/{id}` → the job.
extension ReferencePlatform {
    /// EPCIS header names.
    enum EPCISHeader {
        static let version = HeaderName("GS1-EPCIS-Version")!
        static let cbvVersion = HeaderName("GS1-CBV-Version")!
        static let captureLimit = HeaderName("GS1-EPCIS-Capture-Limit")!
        static let fileSizeLimit = HeaderName("GS1-EPCIS-Capture-File-Size-Limit")!
        static let errorBehaviour = HeaderName("GS1-Capture-Error-Behaviour")!
    }

    /// The discovery headers, also sent with 413.
    var captureLimitHeaders: HTTPFields {
        var headers = HTTPFields()
        headers[EPCISHeader.captureLimit] = String(configuration.captureEventLimit)
        headers[EPCISHeader.fileSizeLimit] = String(configuration.captureByteLimit)
        return headers
    }

    /// `OPTIONS /capture`: 204 with versions and limits.
    func captureOptions(_ request: Request, _ context: PlatformContext) async throws -> Response {
        var headers = captureLimitHeaders
        headers[.allow] = "OPTIONS, POST, GET"
        headers[EPCISHeader.version] = "2.0.0"
        headers[EPCISHeader.cbvVersion] = "2.0.0"
        headers[EPCISHeader.errorBehaviour] = "rollback"
        return Response(status: .noContent, headers: headers)
    }

    /// `POST /capture`: decides and stores the events now; the job reports the outcome after the capture delay.
    func capture(_ request: Request, _ context: PlatformContext) async throws -> Response {
        func limitExceeded(_ detail: String) -> Response {
            refuse(
                HTTPProblem(
                    status: 413, type: "epcisException:CaptureLimitExceededException",
                    title: "Capture Payload too large", detail: detail),
                headers: captureLimitHeaders)
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > configuration.captureByteLimit {
            await logRefused(request, context, format: "epcis-2.0")
            return limitExceeded("\(length) bytes; the limit is \(configuration.captureByteLimit)")
        }
        let events: [EPCISCaptureDecoder.Event]
        do {
            let bytes = try await body(of: request, limit: configuration.captureByteLimit)
            events = try EPCISCaptureDecoder.decode(bytes)
        } catch let error where error.status == 413 {
            await logRefused(request, context, format: "epcis-2.0")
            return limitExceeded(error.detail)
        } catch {
            await logRefused(request, context, format: "epcis-2.0")
            return refuse(error)
        }
        guard events.count <= configuration.captureEventLimit else {
            await logRefused(
                request, context, format: "epcis-2.0",
                trades: events.compactMap { if case .trade(let trade, _) = $0 { trade } else { nil } })
            return limitExceeded("\(events.count) events; the limit is \(configuration.captureEventLimit)")
        }
        let behaviour = request.headers[EPCISHeader.errorBehaviour]?.lowercased() == "proceed" ? "proceed" : "rollback"
        let id = "cap" + String(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20))
        var errors: [CaptureProblem] = []
        var items: [PlatformStore.Incoming] = []
        for event in events {
            switch event {
            case .trade(let trade, let eventID): items.append(PlatformStore.Incoming(trade: trade, eventID: eventID))
            case .invalid(let problem): errors.append(problem)
            }
        }
        if behaviour == "rollback" && !errors.isEmpty {
            // Nothing is decided: the job answers for the whole document.
            if let ticket = context.receipt {
                try await store.logReceipt(
                    ticket, format: "epcis-2.0", batch: id, outcome: .rolledBack, answeredNow: false,
                    items: items.map { ($0.trade.traceCode, $0.trade.station, .notStored) })
            }
        } else {
            // The answer is the job, read later: its tick is set by the first finished job read (captureJob).
            let outcome = try await record(
                items, format: "epcis-2.0", batch: id, allOrNothing: behaviour == "rollback",
                receipt: context.receipt, answeredNow: false)
            for (item, status) in zip(items, outcome.statuses) {
                switch status {
                case .accepted, .duplicate: break
                case .rejected(let reason):
                    errors.append(EPCISCaptureDecoder.problem(reason, eventID: item.eventID))
                case .retry(let reason):
                    errors.append(
                        CaptureProblem(
                            type: "epcisException:ImplementationException", title: "Event not captured this time",
                            status: 500, detail: "trace code \(item.trade.traceCode): \(reason)",
                            instance: item.eventID))
                }
            }
        }
        let now = Date()
        let job = CaptureJob(
            id: id, createdAt: WireTime.utc(now),
            finishesAtMilliseconds: WireTime.milliseconds(now) + Int64(configuration.captureDelayMilliseconds),
            behaviour: behaviour, success: errors.isEmpty, errors: errors)
        try await store.save(job)
        counters.withLock { $0.captureJobs += 1 }
        var headers = HTTPFields()
        headers[.location] = "/capture/\(id)"
        headers[EPCISHeader.version] = "2.0.0"
        headers[EPCISHeader.cbvVersion] = "2.0.0"
        return Response(status: .accepted, headers: headers)
    }

    /// `GET /capture/{id}`.
    func captureJob(_ request: Request, _ context: PlatformContext) async throws -> Response {
        let id = context.parameters.get("id") ?? ""
        guard let job = try await store.job(id: id) else {
            return PlatformResponse.problem(
                HTTPProblem(
                    status: 404, type: "epcisException:NoSuchResourceException", title: "No such capture job",
                    detail: "no capture job \(id)"))
        }
        var headers = HTTPFields()
        headers[EPCISHeader.version] = "2.0.0"
        let document = job.document()
        if WireTime.milliseconds(Date()) >= job.finishesAtMilliseconds, !context.dropsAnswer {
            try await store.markCaptureAnswered(captureID: id)
        }
        return PlatformResponse.json(document, headers: headers)
    }
}
