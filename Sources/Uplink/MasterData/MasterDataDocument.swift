import Foundation

/// One of the three downlink documents the platform serves under `/v1/master/<name>` (master data contract:
/// JSON, strong ETag, `If-None-Match` → 304). Parsing is pure: bytes in, a value or a `MasterDataError` out.
public protocol MasterDataDocument: Sendable, Hashable {
    /// One entry of the document's list, decoded as the contract sends it (the reference platform reads its seed
    /// files and admin bodies with the same type).
    associatedtype Entry: Sendable, Hashable, Decodable
    /// The last path segment and the name used in messages: `catalogue`, `operators`, `stop-orders`.
    static var documentName: String { get }
    /// The key of the list beside `version` in the body: `items`, `operators`, `orders`.
    static var listKey: String { get }
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
    /// A rule an entry breaks, thrown while the entry is decoded; `decode` puts the entry's path (`orders[2]`)
    /// before the message.
    struct EntryProblem: Error, CustomStringConvertible {
        /// Where the entry is.
        var codingPath: [any CodingKey]
        /// What is wrong with it.
        var message: String
        /// `orders[2] has an empty code`.
        var description: String { "\(path(codingPath)) \(message)" }
    }

    /// Reads the body `{"version":…,"<listKey>":[…]}` of `Document` and hands every entry, with a maker of
    /// errors that name it (`items[3] …`), to `check`, which returns the entry to keep (normalised as it likes;
    /// nil: skip it).
    static func entries<Document: MasterDataDocument>(
        of body: [UInt8], _ document: Document.Type,
        _ check: (Document.Entry, _ fail: (String) -> MasterDataError) throws(MasterDataError) -> Document.Entry?
    ) throws(MasterDataError) -> (version: String, entries: [Document.Entry]) {
        let wire = try decode(Body<Document>.self, body, document: Document.documentName)
        var kept: [Document.Entry] = []
        for (index, entry) in wire.entries.enumerated() {
            let fail = { (message: String) in
                MasterDataError(document: Document.documentName, "\(Document.listKey)[\(index)] \(message)")
            }
            if let value = try check(entry, fail) { kept.append(value) }
        }
        return (wire.version, kept)
    }

    /// A document's body as the contract defines it: its version and its list.
    private struct Body<Document: MasterDataDocument>: Decodable {
        /// The platform's version.
        var version: String
        /// The list under `Document.listKey`.
        var entries: [Document.Entry]

        /// Reads `version`, then the list.
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: NamedCodingKey.self)
            version = try container.decode(String.self, forKey: NamedCodingKey("version"))
            entries = try container.decode([Document.Entry].self, forKey: NamedCodingKey(Document.listKey))
        }
    }

    /// Decodes `body` as `T`, turning decoding failures into a message that names the key path.
    static func decode<T: Decodable>(_ type: T.Type, _ body: [UInt8], document: String) throws(MasterDataError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(body))
        } catch let problem as EntryProblem {
            throw MasterDataError(document: document, problem.description)
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
    static func path(_ keys: [any CodingKey]) -> String { CodingPath.text(keys, topLevel: "the document") }
}
