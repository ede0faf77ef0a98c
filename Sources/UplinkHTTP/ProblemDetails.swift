import Foundation

/// An RFC 9457 problem document (`{"type","title","status","detail","instance"}`), as platforms send with
/// 4xx answers and as EPCIS 2.0 uses for capture errors (`type` `epcisException:ValidationException` …).
struct ProblemDetails: Sendable, Hashable, Decodable {
    /// Problem type URI or EPCIS exception name.
    var type: String?
    /// Short summary.
    var title: String?
    /// HTTP status the problem corresponds to.
    var status: Int?
    /// Explanation for this occurrence.
    var detail: String?
    /// What it is about (EPCIS servers may name an event here).
    var instance: String?

    /// Creates a problem from its fields.
    init(type: String?, title: String?, status: Int?, detail: String?, instance: String?) {
        self.type = type
        self.title = title
        self.status = status
        self.detail = detail
        self.instance = instance
    }

    /// Parses a JSON problem object; nil when the body is not one (no `type`, `title` or `detail`).
    init?(_ body: [UInt8]) {
        guard let problem = try? JSONDecoder().decode(ProblemDetails.self, from: Data(body)),
            problem.type != nil || problem.title != nil || problem.detail != nil
        else { return nil }
        self = problem
    }

    /// Decodes the fields leniently: a `status` given as a string is read as a number.
    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        type = try? container.decode(String.self, forKey: .type)
        title = try? container.decode(String.self, forKey: .title)
        detail = try? container.decode(String.self, forKey: .detail)
        instance = try? container.decode(String.self, forKey: .instance)
        status =
            (try? container.decode(Int.self, forKey: .status))
            ?? (try? container.decode(String.self, forKey: .status)).flatMap { Int($0) }
    }

    /// The JSON keys.
    private enum CodingKeys: String, CodingKey {
        case type, title, status, detail, instance
    }

    /// The EPCIS exception name when `type` carries one (`…epcisException:ValidationException` →
    /// `ValidationException`), else nil.
    var epcisException: String? {
        guard let type, let range = type.range(of: "epcisException:") else { return nil }
        return String(type[range.upperBound...])
    }

    /// `title: detail (type)`, cut to 300 characters, on one line.
    var summary: String {
        var parts: [String] = []
        if let title, !title.isEmpty { parts.append(title) }
        if let detail, !detail.isEmpty { parts.append(detail) }
        var text = parts.joined(separator: ": ")
        if let type, !type.isEmpty { text += text.isEmpty ? type : " (\(type))" }
        text = text.replacingOccurrencesOfControlCharacters()
        return text.count > 300 ? String(text.prefix(300)) + "…" : text
    }
}
