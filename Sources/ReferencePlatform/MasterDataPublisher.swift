import Crypto
import Foundation
import Synchronization
import Uplink

/// Publishes the master data as JSON documents with strong ETags, and takes replacements from the admin API.
///
/// The version (ETag without quotes) is the first 32 hex digits of SHA-256 over the document's list as published
/// (`[…]`, compact JSON). The document itself cannot be the hash input because it contains the version; the list
/// is everything else in it, so the ETag changes exactly when the content does.
final class MasterDataPublisher: Sendable {
    /// One published document.
    struct Document: Sendable, Hashable {
        /// The body.
        var body: [UInt8]
        /// Version, 32 hex digits.
        var version: String
        /// The strong ETag: the version in quotes.
        var etag: String { "\"\(version)\"" }
    }

    private let data: Mutex<MasterData>

    /// Publishes `initial`.
    init(_ initial: MasterData) { data = Mutex(initial) }

    /// The master data now.
    var current: MasterData { data.withLock { $0 } }

    /// Replaces everything.
    func replace(_ master: MasterData) { data.withLock { $0 = master } }

    /// The document of `kind` as of now.
    func document(_ kind: MasterDataKind) -> Document {
        let master = data.withLock { $0 }
        let list: [OrderedJSON]
        switch kind {
        case .catalogue: list = master.catalogue.map(\.json)
        case .operators: list = master.operators.map(\.json)
        case .stopOrders: list = master.stopOrders.map(\.json)
        }
        let listJSON = OrderedJSON.array(list)
        let digest = SHA256.hash(data: listJSON.bytes)
        let version = String(digest.map { String(format: "%02x", $0) }.joined().prefix(32))
        let body = OrderedJSON.object([("version", .string(version)), (kind.listKey, listJSON)]).bytes
        return Document(body: body, version: version)
    }

    /// Whether an `If-None-Match` value names this ETag (RFC 9110 §13.1.2: `*`, a list, weak comparison).
    static func matches(ifNoneMatch: String, etag: String) -> Bool {
        ifNoneMatch.split(separator: ",").contains { candidate in
            var tag = candidate.trimmingCharacters(in: .whitespaces)
            if tag == "*" { return true }
            if tag.hasPrefix("W/") { tag.removeFirst(2) }
            return tag == etag
        }
    }

    /// Replaces one list from an admin body: the published shape (`{"items":[…]}` …, version ignored) or a bare
    /// array.
    func replace(_ kind: MasterDataKind, body: [UInt8]) throws(HTTPProblem) {
        let decoder = JSONDecoder()
        do {
            var master = data.withLock { $0 }
            switch kind {
            case .catalogue: master.catalogue = try Self.list(key: kind.listKey, body, decoder)
            case .operators: master.operators = try Self.list(key: kind.listKey, body, decoder)
            case .stopOrders: master.stopOrders = try Self.list(key: kind.listKey, body, decoder)
            }
            let updated = master
            data.withLock { $0 = updated }
        } catch let error as DecodingError {
            throw .malformed("not a \(kind.rawValue) list: \(TradeBatchDecoder.describe(error))")
        } catch {
            throw .malformed("not a \(kind.rawValue) list: \(error)")
        }
    }

    /// The list in an admin body: a bare array, or the published shape's `key` member.
    private static func list<T: Decodable>(key: String, _ body: [UInt8], _ decoder: JSONDecoder) throws -> [T] {
        if let array = try? decoder.decode([T].self, from: Data(body)) { return array }
        return try decoder.decode([String: [T]].self, from: Data(Self.withoutVersion(body, key: key)))[key] ?? []
    }

    /// The body with only the list member, so `{"version":"…","items":[…]}` decodes as `[String: [T]]`.
    private static func withoutVersion(_ body: [UInt8], key: String) throws -> [UInt8] {
        guard let object = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
            throw PlatformError("expected a JSON object or array")
        }
        guard let list = object[key] else { throw PlatformError("expected a '\(key)' list") }
        return Array(try JSONSerialization.data(withJSONObject: [key: list]))
    }
}

extension MasterCatalogue.Item {
    /// As published: every key, `plu` null when there is none.
    var json: OrderedJSON {
        .object([
            ("code", .string(code)), ("name", .string(name)), ("unit_price_fen_per_kg", .integer(unitPriceFenPerKg)),
            ("plu", plu.map { .string($0) } ?? .null), ("gtins", .array(gtins.map { .string($0) })),
        ])
    }
}

extension OperatorRegistry.Operator {
    /// As published: the card UID upper-case, as readers report it and gateways compare it.
    var json: OrderedJSON {
        .object([
            ("card_uid", .string(cardUID.uppercased())), ("operator_code", .string(operatorCode)),
            ("name", .string(name)),
        ])
    }
}

extension StopTradeOrders.Order {
    /// As published: `issued_at` in RFC 3339 UTC with milliseconds.
    var json: OrderedJSON {
        .object([("code", .string(code)), ("reason", .string(reason)), ("issued_at", .string(WireTime.utc(issuedAt)))])
    }
}
