#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// A fast path for `TradeBatchDecoder`: reads a well-formed `tracegate-v1` batch (docs/uplink-openapi.yaml,
/// `TradeBatch`) straight from its bytes into the wire fields.
///
/// Why: `JSONDecoder` spent ~14 µs per trade here, the largest single cost of the uplink drain benchmark
/// (BENCHMARKS.md §6). It accepts only the exact shape our encoder writes — the known keys, integers without
/// fraction or exponent, strings without escapes — and answers nil for anything else, so that `JSONDecoder`
/// decides and words the 400 exactly as before. It never accepts what `JSONDecoder` would refuse.
struct TradeBatchScanner {
    /// One `Trade` item, fields as on the wire.
    struct Item {
        var traceCode = "", station = "", stationKind = "", operatorCode = "", productCode = "", productName = ""
        var buyer = "", committedAt = "", utcOffset = "", prevHash = "", hash = ""
        var grams: Int64 = 0, unitPriceFen: Int64 = 0, amountFen: Int64 = 0, ledgerID: Int64 = 0
        var parents: [String] = []
    }

    /// A batch as on the wire.
    struct Batch {
        /// `format`.
        var format = ""
        /// `batch_id`.
        var batchID = ""
        /// `node.code`, `node.name`, `node.kind`.
        var node: [String: String] = [:]
        /// `items`.
        var items: [Item] = []
    }

    /// An item's keys in the order our encoder writes them; a key's position is its bit in the seen-mask.
    /// Matched as bytes (no `String` per key): the next expected key is tried first.
    static let itemKeys: [[UInt8]] = [
        "trace_code", "station", "station_kind", "operator_code", "product_code", "product_name", "grams",
        "unit_price_fen", "amount_fen", "parents", "buyer", "committed_at", "utc_offset", "ledger_id", "prev_hash",
        "hash",
    ].map { Array($0.utf8) }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0

    private init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// The batch, or nil when the body is anything but the plain shape (the caller then uses `JSONDecoder`).
    static func scan(_ body: [UInt8]) -> Batch? {
        body.withUnsafeBufferPointer { buffer in
            var scanner = TradeBatchScanner(buffer)
            guard let batch = scanner.batch() else { return nil }
            scanner.skipSpace()
            return scanner.index == buffer.count ? batch : nil
        }
    }

    /// `{"format":…,"batch_id":…,"node":{…},"items":[…]}` in any key order, each key once.
    private mutating func batch() -> Batch? {
        var batch = Batch()
        var seen: Set<String> = []
        let complete = object { scanner, key in
            guard seen.insert(key).inserted else { return false }
            switch key {
            case "format": return scanner.string().map { batch.format = $0 } != nil
            case "batch_id": return scanner.string().map { batch.batchID = $0 } != nil
            case "node":
                var node: [String: String] = [:]
                let ok = scanner.object { scanner, key in
                    guard ["code", "name", "kind"].contains(key), node[key] == nil, let value = scanner.string()
                    else { return false }
                    node[key] = value
                    return true
                }
                batch.node = node
                return ok && node.count == 3
            case "items":
                return scanner.array { scanner in
                    guard let item = scanner.item() else { return false }
                    batch.items.append(item)
                    return true
                }
            default: return false
            }
        }
        return complete && seen.count == 4 ? batch : nil
    }

    /// One item with exactly the known fields, each once.
    private mutating func item() -> Item? {
        var item = Item()
        var seen: UInt32 = 0
        var expected = 0
        guard consume(UInt8(ascii: "{")) else { return nil }
        if consume(UInt8(ascii: "}")) { return nil }
        repeat {
            guard let key = keyIndex(startingAt: expected), seen & (1 << key) == 0, consume(UInt8(ascii: ":"))
            else { return nil }
            seen |= 1 << key
            expected = key + 1
            let ok: Bool
            switch key {
            case 0: ok = string().map { item.traceCode = $0 } != nil
            case 1: ok = string().map { item.station = $0 } != nil
            case 2: ok = string().map { item.stationKind = $0 } != nil
            case 3: ok = string().map { item.operatorCode = $0 } != nil
            case 4: ok = string().map { item.productCode = $0 } != nil
            case 5: ok = string().map { item.productName = $0 } != nil
            case 6: ok = integer().map { item.grams = $0 } != nil
            case 7: ok = integer().map { item.unitPriceFen = $0 } != nil
            case 8: ok = integer().map { item.amountFen = $0 } != nil
            case 9:
                ok = array { scanner in
                    guard let parent = scanner.string() else { return false }
                    item.parents.append(parent)
                    return true
                }
            case 10: ok = string().map { item.buyer = $0 } != nil
            case 11: ok = string().map { item.committedAt = $0 } != nil
            case 12: ok = string().map { item.utcOffset = $0 } != nil
            case 13: ok = integer().map { item.ledgerID = $0 } != nil
            case 14: ok = string().map { item.prevHash = $0 } != nil
            default: ok = string().map { item.hash = $0 } != nil
            }
            guard ok else { return nil }
        } while consume(UInt8(ascii: ","))
        guard consume(UInt8(ascii: "}")), seen == (1 << Self.itemKeys.count) - 1 else { return nil }
        return item
    }

    /// Reads a quoted key without escapes and answers its position in `itemKeys`, trying `expected` first; nil
    /// for an unknown key.
    private mutating func keyIndex(startingAt expected: Int) -> Int? {
        guard consume(UInt8(ascii: "\"")) else { return nil }
        let start = index
        while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
            if bytes[index] == UInt8(ascii: "\\") { return nil }
            index += 1
        }
        guard index < bytes.count else { return nil }
        let key = UnsafeBufferPointer(rebasing: bytes[start..<index])
        index += 1
        let keys = Self.itemKeys
        if expected < keys.count, Self.equal(keys[expected], key) { return expected }
        return keys.firstIndex { Self.equal($0, key) }
    }

    /// Byte equality without the generic sequence walk.
    private static func equal(_ known: [UInt8], _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        known.count == key.count
            && known.withUnsafeBufferPointer { memcmp($0.baseAddress!, key.baseAddress!, key.count) == 0 }
    }

    /// `{ "key": value, … }`; `member` reads the value after the colon and says whether it was acceptable.
    private mutating func object(_ member: (inout TradeBatchScanner, String) -> Bool) -> Bool {
        guard consume(UInt8(ascii: "{")) else { return false }
        if consume(UInt8(ascii: "}")) { return true }
        repeat {
            guard let key = string(), consume(UInt8(ascii: ":")), member(&self, key) else { return false }
        } while consume(UInt8(ascii: ","))
        return consume(UInt8(ascii: "}"))
    }

    /// `[ value, … ]`; `element` reads one value.
    private mutating func array(_ element: (inout TradeBatchScanner) -> Bool) -> Bool {
        guard consume(UInt8(ascii: "[")) else { return false }
        if consume(UInt8(ascii: "]")) { return true }
        repeat {
            guard element(&self) else { return false }
        } while consume(UInt8(ascii: ","))
        return consume(UInt8(ascii: "]"))
    }

    /// A string without escapes or control characters (anything else: nil, for `JSONDecoder` to judge).
    private mutating func string() -> String? {
        guard consume(UInt8(ascii: "\"")) else { return nil }
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                index += 1
                // Invalid UTF-8 was repaired by the decoding; JSONDecoder refuses it instead.
                return text.utf8.count == index - 1 - start ? text : nil
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
            index += 1
        }
        return nil
    }

    /// An integer without fraction, exponent or leading zeros that fits Int64.
    private mutating func integer() -> Int64? {
        skipSpace()
        var negative = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        let start = index
        var value: Int64 = 0
        while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(Int64(bytes[index] - UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { return nil }
            value = sum
            index += 1
        }
        let digits = index - start
        guard digits > 0, digits == 1 || bytes[start] != UInt8(ascii: "0") else { return nil }
        if index < bytes.count, [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[index]) {
            return nil
        }
        return negative ? -value : value
    }

    /// Skips white space, then consumes `byte` if it is next.
    private mutating func consume(_ byte: UInt8) -> Bool {
        skipSpace()
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// JSON white space.
    private mutating func skipSpace() {
        while index < bytes.count,
            bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09
        {
            index += 1
        }
    }
}
