import Uplink

/// An RFC 9457 problem answer (`application/problem+json`): what was wrong with the request, for the person
/// reading the gateway's log.
struct HTTPProblem: Error, Sendable, Hashable {
    /// HTTP status.
    var status: Int
    /// Problem type URI (`about:blank`, or an EPCIS exception name).
    var type: String
    /// Short summary.
    var title: String
    /// What exactly was wrong and where.
    var detail: String

    /// Creates a problem.
    init(status: Int, type: String = "about:blank", title: String, detail: String) {
        self.status = status
        self.type = type
        self.title = title
        self.detail = detail
    }

    /// A 400 for a malformed body.
    static func malformed(_ detail: String) -> HTTPProblem {
        HTTPProblem(status: 400, title: "Malformed request", detail: detail)
    }

    /// The body.
    var json: OrderedJSON {
        .object([
            ("type", .string(type)), ("title", .string(title)), ("status", .integer(Int64(status))),
            ("detail", .string(detail)),
        ])
    }
}
