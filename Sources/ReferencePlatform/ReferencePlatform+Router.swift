import Foundation
import Hummingbird
import NIOCore

/// The routes, and the gate every platform-API request passes: down period, latency, request faults, the bearer
/// token, and the dropped answer after handling.
extension ReferencePlatform {
    /// A route handler.
    typealias Handler = @Sendable (Request, PlatformContext) async throws -> Response

    /// All routes.
    func makeRouter() -> Router<PlatformContext> {
        let router = Router(context: PlatformContext.self)
        router.post("/v1/trades:batch", use: api(uploadBatch, receipts: .tracegateV1))
        router.on("/capture", method: .options, use: api(captureOptions))
        router.post("/capture", use: api(capture, receipts: .epcis))
        router.get("/capture/:id", use: api(captureJob))
        router.get("/v1/master/:kind", use: api(masterDocument))
        router.post("/:method", use: api(cityForm, receipts: .cityForm))
        router.get("/admin/stats", use: admin(adminStats))
        router.get("/admin/faults", use: admin(adminFaults))
        router.put("/admin/faults", use: admin(adminSetFaults))
        router.get("/admin/trades", use: admin(adminTrades))
        router.get("/admin/receipts", use: admin(adminReceipts))
        router.get("/admin/receipts/codes", use: admin(adminReceiptCounts))
        router.put("/admin/master/:kind", use: admin(adminSetMaster))
        router.get("/", use: lookupHome)
        router.get("/trace", use: lookupQuery)
        router.get("/trace/:code", use: lookupTrace)
        return router
    }

    /// Wraps a platform-API handler with fault injection and authentication. An upload route names how its body is
    /// read (`receipts`): its requests get an arrival tick before anything else happens, and a request that a fault
    /// answers before handling is logged here with its items (the handler logs the others).
    func api(_ handle: @escaping Handler, receipts source: ReceiptSource? = nil) -> Handler {
        { [self] request, context in
            counters.withLock { $0.requests += 1 }
            let ticket = source.map { _ in ReceiptTicket(request: store.tick(), dropsAnswer: false) }
            uploadsInFlight.add(ticket == nil ? 0 : 1, ordering: .relaxed)
            defer { uploadsInFlight.subtract(ticket == nil ? 0 : 1, ordering: .relaxed) }
            func unhandled(_ outcome: ReceiptOutcome, answered: Bool) async {
                if let source, let ticket {
                    await logUnhandled(
                        request, context, source: source, ticket: ticket, outcome: outcome, answered: answered)
                }
            }
            if faults.isDown() {
                counters.withLock { $0.downRefusals += 1 }
                await unhandled(.down, answered: false)
                await ConnectionAbort.reset(context.channel)
                return Response(status: .serviceUnavailable)
            }
            let plan = faults.planRequest()
            if plan.latencyMilliseconds > 0 { try await Task.sleep(for: .milliseconds(plan.latencyMilliseconds)) }
            switch plan.before {
            case .proceed: break
            case .reset:
                counters.withLock { $0.resets += 1 }
                await unhandled(.reset, answered: false)
                await ConnectionAbort.reset(context.channel)
                return Response(status: .serviceUnavailable)
            case .serverError:
                counters.withLock { $0.injectedErrors += 1 }
                await unhandled(.serverError, answered: true)
                return PlatformResponse.problem(
                    HTTPProblem(status: 500, title: "Internal Server Error", detail: "injected fault: error_rate"))
            case .rateLimited(let seconds):
                counters.withLock { $0.rateLimited += 1 }
                await unhandled(.rateLimited, answered: true)
                return PlatformResponse.retryLater(.tooManyRequests, seconds: seconds, detail: "injected fault: 429")
            case .unavailable(let seconds):
                counters.withLock { $0.unavailable += 1 }
                await unhandled(.unavailable, answered: true)
                return PlatformResponse.retryLater(.serviceUnavailable, seconds: seconds, detail: "injected fault: 503")
            }
            if let denied = authenticate(request) {
                await unhandled(.unauthorized, answered: true)
                return denied
            }
            var context = context
            context.dropsAnswer = plan.dropAnswer
            context.receipt = ticket.map { ReceiptTicket(request: $0.request, dropsAnswer: plan.dropAnswer) }
            let response = try await handle(request, context)
            if plan.dropAnswer {
                counters.withLock { $0.droppedAnswers += 1 }
                await ConnectionAbort.reset(context.channel)
            } else if let ticket, await !PeerPresence.isPresent(context.channel) {
                // The sender timed out or died while the request was handled: the answer cannot reach it.
                try? await store.markSenderGone(request: ticket.request)
            }
            return response
        }
    }

    /// Wraps an admin handler with authentication only (never faulted, so tests can always reach it).
    func admin(_ handle: @escaping Handler) -> Handler {
        { [self] request, context in
            if let denied = authenticate(request) { return denied }
            return try await handle(request, context)
        }
    }

    /// nil when the request may proceed, else the 401.
    func authenticate(_ request: Request) -> Response? {
        guard let token = configuration.bearerToken else { return nil }
        let given = request.headers[.authorization] ?? ""
        if Self.constantTimeEqual(given, "Bearer " + token) { return nil }
        counters.withLock { $0.unauthorized += 1 }
        var headers = HTTPFields()
        headers[.wwwAuthenticate] = "Bearer realm=\"tracegate-platform\""
        return PlatformResponse.problem(
            HTTPProblem(status: 401, title: "Unauthorized", detail: "missing or wrong bearer token"), headers: headers)
    }

    /// Compares without leaking where the first difference is.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        var difference = UInt8(x.count == y.count ? 0 : 1)
        for index in 0..<max(x.count, y.count) {
            difference |= (index < x.count ? x[index] : 0) ^ (index < y.count ? y[index] : 0)
        }
        return difference == 0
    }

    /// The request body, gzip-inflated when `Content-Encoding: gzip`, refused beyond `limit` bytes.
    func body(of request: Request, limit: Int) async throws(HTTPProblem) -> [UInt8] {
        let encoding = request.headers[.contentEncoding]?.trimmingCharacters(in: .whitespaces).lowercased()
        guard encoding == nil || encoding == "gzip" || encoding == "identity" else {
            throw HTTPProblem(
                status: 415, title: "Unsupported Media Type",
                detail: "Content-Encoding '\(encoding ?? "")' is not supported; send gzip or no encoding")
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch {
            throw Self.tooLarge("body is over the platform's limit of \(limit) bytes")
        }
        let bytes = Array(buffer.readableBytesView)
        guard encoding == "gzip" else { return bytes }
        do {
            return try GzipInflater.inflate(bytes, limit: limit)
        } catch {
            switch error {
            case .tooLarge:
                throw Self.tooLarge("body inflates to more than the platform's limit of \(limit) bytes")
            case .corrupt(let reason):
                throw .malformed("Content-Encoding is gzip but the body is not valid gzip: \(reason)")
            }
        }
    }

    /// A 413.
    static func tooLarge(_ detail: String) -> HTTPProblem {
        HTTPProblem(status: 413, title: "Content Too Large", detail: detail)
    }

    /// Counts a refused body and answers its problem.
    func refuse(_ problem: HTTPProblem, headers: HTTPFields = [:]) -> Response {
        counters.withLock { $0.refusedBodies += 1 }
        return PlatformResponse.problem(problem, headers: headers)
    }
}
