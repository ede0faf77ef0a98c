import Foundation
import Uplink

/// An EPCIS 2.0 capture job (REST binding, `CaptureJob` in shared/schemas/epcis-2.0/epcis-rest-openapi.json).
///
/// The platform decides and stores the events when the document arrives, then reports the job as `running`
/// until `finishesAtMilliseconds` (the configured capture delay), so a client's polling is exercised.
struct CaptureJob: Sendable, Hashable {
    /// The capture id (`Location: /capture/{id}`).
    var id: String
    /// RFC 3339 UTC.
    var createdAt: String
    /// When the job reports finished, milliseconds since 1970.
    var finishesAtMilliseconds: Int64
    /// `rollback` (default) or `proceed` (`GS1-Capture-Error-Behaviour`).
    var behaviour: String
    /// No event failed.
    var success: Bool
    /// One RFC 7807 problem per failed event.
    var errors: [CaptureProblem]

    /// The job document as of `now`.
    func document(now: Date = Date()) -> OrderedJSON {
        let running = WireTime.milliseconds(now) < finishesAtMilliseconds
        var members: [(String, OrderedJSON)] = [
            ("captureID", .string(id)),
            ("createdAt", .string(createdAt)),
        ]
        if !running {
            let finished = Date(timeIntervalSince1970: Double(finishesAtMilliseconds) / 1000)
            members.append(("finishedAt", .string(WireTime.utc(finished))))
        }
        members += [
            ("running", .bool(running)),
            // While running: "no errors so far"; the outcome is revealed when the job finishes.
            ("success", .bool(running ? true : success)),
            ("captureErrorBehaviour", .string(behaviour)),
            ("errors", .array(running ? [] : errors.map(\.json))),
        ]
        return .object(members)
    }
}

/// One capture error, RFC 7807 as `RFC7807ProblemResponseBody`. `instance` is the failed event's eventID and
/// `detail` names its trace code, so a client can tell which trades to keep pending or mark rejected.
struct CaptureProblem: Sendable, Hashable, Codable {
    /// `epcisException:ValidationException` (refused for good) or `epcisException:ImplementationException`
    /// (not captured this time; resend).
    var type: String
    /// Short title.
    var title: String
    /// 400 for validation, 500 for a temporary failure.
    var status: Int
    /// What was wrong, naming the trace code.
    var detail: String
    /// The event's eventID, when it had one.
    var instance: String?

    /// As JSON.
    var json: OrderedJSON {
        var members: [(String, OrderedJSON)] = [
            ("type", .string(type)), ("title", .string(title)), ("status", .integer(Int64(status))),
            ("detail", .string(detail)),
        ]
        if let instance { members.append(("instance", .string(instance))) }
        return .object(members)
    }
}
