import Foundation
import Uplink

/// The state of an EPCIS 2.0 capture job (`GET /capture/{captureID}`, domain.md §3) and what it means for the
/// trades of the batch.
///
/// Body: `{"captureID","running","success","captureErrorBehaviour","errors":[<RFC 9457 problem>…]}`. TraceGate
/// captures with `GS1-Capture-Error-Behaviour: rollback`, so a job is all-or-nothing: `success:true` means every
/// event is stored; `success:false` means none is. Mapping of a failed job (docs/uplink-http.md):
///
/// | errors | result |
/// |---|---|
/// | a `ValidationException` (or status 400/422) naming events by eventID or trace code | those trades rejected with the platform's text; the others `retry` (nothing was stored) |
/// | a `ValidationException` naming no event | every trade rejected with the platform's text |
/// | `CaptureLimitExceededException` (or status 413) | `.tooLarge`: split |
/// | `SecurityException` (or status 401/403) | `UplinkSendError(.unauthorized)` |
/// | `ImplementationException`, 5xx, 429, unknown types, or no errors at all | `.retryLater`: resend unchanged |
struct EPCISCaptureJob: Sendable, Hashable {
    /// Whether the platform is still working on it.
    var running: Bool
    /// Whether it finished storing every event.
    var success: Bool
    /// The errors it reported.
    var errors: [ProblemDetails]

    /// Creates a job state directly (a synchronous 400 on POST is read as a failed job).
    init(running: Bool, success: Bool, errors: [ProblemDetails]) {
        self.running = running
        self.success = success
        self.errors = errors
    }

    /// Parses a job document; nil when the body is not one (no boolean `running`).
    init?(_ body: [UInt8]) {
        guard let wire = try? JSONDecoder().decode(Wire.self, from: Data(body)) else { return nil }
        running = wire.running
        success = wire.success ?? false
        errors = wire.errors
    }

    /// The answer for `trades` of a finished, failed job. `eventIDs` maps each trade's trace code to its eventID.
    func failureReply(traceCodes: [String], eventIDs: [String: String]) throws(UplinkSendError) -> BatchReply {
        let summary =
            errors.isEmpty ? "capture failed without errors listed" : errors.map(\.summary).joined(separator: "; ")
        let validation = errors.filter { Self.isValidation($0) }
        if !validation.isEmpty {
            let text = validation.map(\.summary).joined(separator: "; ")
            let named = Set(
                traceCodes.filter { code in
                    validation.contains { problem in
                        let haystack = [problem.detail, problem.instance, problem.title].compactMap { $0 }.joined(
                            separator: " ")
                        return haystack.contains(code) || eventIDs[code].map { haystack.contains($0) } == true
                    }
                })
            return .perItem(
                traceCodes.map { code in
                    if named.isEmpty || named.contains(code) {
                        return ItemResult(traceCode: code, outcome: .rejected(reason: "EPCIS validation: " + text))
                    }
                    return ItemResult(
                        traceCode: code,
                        outcome: .retry(reason: "not stored: another event of the capture failed validation"))
                })
        }
        if errors.contains(where: { $0.epcisException == "CaptureLimitExceededException" || $0.status == 413 }) {
            return .tooLarge(reason: "EPCIS capture limit exceeded: " + summary)
        }
        if errors.contains(where: { $0.epcisException == "SecurityException" || $0.status == 401 || $0.status == 403 })
        {
            throw UplinkSendError(.unauthorized, "EPCIS capture refused our credentials: " + summary)
        }
        return .retryLater(afterSeconds: nil, reason: "EPCIS capture job failed: " + summary)
    }

    /// A problem that says the document itself is wrong (resending it unchanged would fail the same way).
    static func isValidation(_ problem: ProblemDetails) -> Bool {
        if let name = problem.epcisException { return name == "ValidationException" }
        return problem.status == 400 || problem.status == 422
    }

    /// The job document; `errors` may be an array of problems or a single one.
    private struct Wire: Decodable {
        var running: Bool
        var success: Bool?
        var errors: [ProblemDetails]

        /// Decodes leniently around `errors`.
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            running = try container.decode(Bool.self, forKey: .running)
            success = try container.decodeIfPresent(Bool.self, forKey: .success)
            if let list = try? container.decode([ProblemDetails].self, forKey: .errors) {
                errors = list
            } else if let one = try? container.decode(ProblemDetails.self, forKey: .errors) {
                errors = [one]
            } else {
                errors = []
            }
        }

        /// The JSON keys read.
        private enum CodingKeys: String, CodingKey {
            case running, success, errors
        }
    }
}
