import Hummingbird

/// The reply to `POST /devices/{id}/zero`: `{"result": "sent" | "unknown-device" | "cannot-zero" |
/// "not-connected", "message": …}`.
public struct ZeroReply: Codable, Sendable, Hashable {
    /// What happened.
    public var result: String
    /// What happened, for the operator.
    public var message: String
}

extension LocalAPI {
    /// The HTTP answer for a zero outcome: 200, 404, 409 or 503.
    static func reply(to outcome: DeviceZeroOutcome) -> Response {
        let (result, status): (String, HTTPResponse.Status) =
            switch outcome {
            case .sent: ("sent", .ok)
            case .unknownDevice: ("unknown-device", .notFound)
            case .cannotZero: ("cannot-zero", .conflict)
            case .notConnected: ("not-connected", .serviceUnavailable)
            }
        return json(ZeroReply(result: result, message: outcome.message), status: status)
    }
}
