import Foundation

/// Reading reply headers the way HTTP defines them.
enum HeaderLookup {
    /// The first value of a header, matching the name case-insensitively (RFC 9110 §5.1).
    static func value(_ name: String, in headers: [UplinkHeader]) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }

    /// The media type of `Content-Type` without parameters, lowercased: `application/json; charset=utf-8` →
    /// `application/json`.
    static func mediaType(in headers: [UplinkHeader]) -> String? {
        guard let raw = value("Content-Type", in: headers) else { return nil }
        let type = raw.split(separator: ";", maxSplits: 1).first.map(String.init) ?? raw
        return type.trimmingCharacters(in: .whitespaces).lowercased()
    }

    /// `Retry-After` as delta-seconds. An HTTP-date (also allowed by RFC 9110 §10.2.3) gives nil: converting it
    /// needs the clock, which the caller owns, and its own backoff is the safe fallback.
    static func retryAfterSeconds(in headers: [UplinkHeader]) -> Int? {
        guard let raw = value("Retry-After", in: headers)?.trimmingCharacters(in: .whitespaces),
            let seconds = Int(raw), seconds >= 0
        else { return nil }
        return seconds
    }
}
