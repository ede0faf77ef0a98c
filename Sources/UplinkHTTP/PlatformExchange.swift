import Uplink

/// One HTTP answer as read by `PlatformConnection`: status, headers and at most `maxReplyBytes` of body.
struct PlatformExchange: Sendable, Hashable {
    /// HTTP status code.
    var status: Int
    /// Answer headers in order.
    var headers: [UplinkHeader]
    /// The body, cut at the reply limit.
    var body: [UInt8]
    /// Whether the body was longer than the limit (and was cut; the connection is dropped).
    var truncated: Bool

    /// First value of a header, case-insensitively.
    func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }

    /// Whether the status is 2xx.
    var isSuccess: Bool { (200...299).contains(status) }

    /// The body for a message: RFC 9457 `title`/`detail` when it is a problem document, else its first
    /// 300 characters.
    var problemText: String {
        ProblemDetails(body)?.summary ?? Self.snippet(body)
    }

    /// The start of a body, quoted, for messages.
    static func snippet(_ body: [UInt8], limit: Int = 300) -> String {
        let text = String(decoding: body.prefix(limit), as: UTF8.self)
            .replacingOccurrencesOfControlCharacters()
        return text.isEmpty ? "(empty body)" : "'\(text)\(body.count > limit ? "…" : "")'"
    }
}

extension String {
    /// Control characters (line feeds in an HTML page) as spaces, so a message stays on one line.
    func replacingOccurrencesOfControlCharacters() -> String {
        String(String.UnicodeScalarView(unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : $0 }))
    }
}
