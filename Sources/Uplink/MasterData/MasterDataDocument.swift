import Foundation

/// One of the three downlink documents the platform serves under `/v1/master/<name>` (master data contract:
/// JSON, strong ETag, `If-None-Match` → 304). Parsing is pure: bytes in, a value or a `MasterDataError` out.
public protocol MasterDataDocument: Sendable, Hashable {
    /// The last path segment and the name used in messages: `catalogue`, `operators`, `stop-orders`.
    static var documentName: String { get }
    /// The platform's version of the document (the ETag without quotes).
    var version: String { get }
    /// Parses a 200 body.
    static func parse(_ body: [UInt8]) throws(MasterDataError) -> Self
}

/// The answer to a conditional GET of a master data document.
public enum MasterDataFetch<Document: MasterDataDocument>: Sendable, Hashable {
    /// 304: the copy with this ETag is still current.
    case notModified(etag: String)
    /// 200: a new document and its ETag (as sent, quotes included; nil when the platform sent none, which the
    /// contract does not allow — the next fetch is then unconditional).
    case updated(Document, etag: String?)
}

/// Shared JSON reading for the three documents.
enum MasterDataJSON {
    /// Decodes `body` as `T`, turning decoding failures into a message that names the key path.
    static func decode<T: Decodable>(_ type: T.Type, _ body: [UInt8], document: String) throws(MasterDataError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(body))
        } catch let DecodingError.keyNotFound(key, context) {
            throw MasterDataError(document: document, "missing \(path(context.codingPath + [key]))")
        } catch let DecodingError.typeMismatch(_, context) {
            throw MasterDataError(
                document: document, "\(path(context.codingPath)) has the wrong type: \(context.debugDescription)")
        } catch let DecodingError.dataCorrupted(context) where !context.codingPath.isEmpty {
            throw MasterDataError(
                document: document, "\(path(context.codingPath)) is invalid: \(context.debugDescription)")
        } catch let DecodingError.valueNotFound(_, context) {
            throw MasterDataError(document: document, "\(path(context.codingPath)) is null")
        } catch {
            let start = String(decoding: body.prefix(120), as: UTF8.self)
            throw MasterDataError(document: document, "not valid JSON (starts '\(start)')")
        }
    }

    /// `items[3].code`.
    static func path(_ keys: [any CodingKey]) -> String {
        var out = ""
        for key in keys {
            if let index = key.intValue {
                out += "[\(index)]"
            } else {
                out += (out.isEmpty ? "" : ".") + key.stringValue
            }
        }
        return out.isEmpty ? "the document" : out
    }
}
