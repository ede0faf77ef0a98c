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
        /// Values of the string fields by key.
        var strings: [String: String] = [:]
        /// Values of the integer fields by key.
        var integers: [String: Int64] = [:]
        /// `parents`.
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

    /// String fields every item carries.
    static let itemStrings: Set<String> = [
        "trace_code", "station", "station_kind", "operator_code", "product_code", "product_name", "buyer",
        "committed_at", "utc_offset", "prev_hash", "hash",
    ]
    /// Integer fields every item carries.
    static let itemIntegers: Set<String> = ["grams", "unit_price_fen", "amount_fen", "ledger_id"]

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

    /// One item with exactly the known fields.
    private mutating func item() -> Item? {
        var item = Item()
        var parentsSeen = false
        let ok = object { scanner, key in
            if Self.itemStrings.contains(key) {
                guard item.strings[key] == nil, let value = scanner.string() else { return false }
                item.strings[key] = value
                return true
            }
            if Self.itemIntegers.contains(key) {
                guard item.integers[key] == nil, let value = scanner.integer() else { return false }
                item.integers[key] = value
                return true
            }
            guard key == "parents", !parentsSeen else { return false }
            parentsSeen = true
            return scanner.array { scanner in
                guard let parent = scanner.string() else { return false }
                item.parents.append(parent)
                return true
            }
        }
        let complete =
            ok && parentsSeen && item.strings.count == Self.itemStrings.count
            && item.integers.count == Self.itemIntegers.count
        return complete ? item : nil
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
