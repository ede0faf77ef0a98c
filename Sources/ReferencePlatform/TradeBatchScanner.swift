import Uplink

/// A fast path for `TradeBatchDecoder`: reads a well-formed `tracegate-v1` batch (docs/uplink-openapi.yaml,
/// `TradeBatch`) straight from its bytes into the wire fields (`TradeBatchDecoder.WireBatch`, as `JSONDecoder`
/// would fill them).
///
/// Why: `JSONDecoder` spent ~14 µs per trade here, the largest single cost of the uplink drain benchmark
/// (BENCHMARKS.md §6). It accepts only the exact shape our encoder writes — the known keys, integers without
/// fraction or exponent, strings without escapes — and answers nil for anything else, so that `JSONDecoder`
/// decides and words the 400 exactly as before. It never accepts what `JSONDecoder` would refuse. The JSON
/// primitives are `PlainJSONScanner`'s (shared with the gateway's reader of the platform's answers).
enum TradeBatchScanner {
    /// An item's keys in the order our encoder writes them; a key's position is its bit in the seen-mask.
    /// Matched as bytes (no `String` per key): the next expected key is tried first.
    static let itemKeys: [[UInt8]] = [
        "trace_code", "station", "station_kind", "operator_code", "product_code", "product_name", "grams",
        "unit_price_fen", "amount_fen", "parents", "buyer", "committed_at", "utc_offset", "ledger_id", "prev_hash",
        "hash",
    ].map { Array($0.utf8) }

    /// The batch, or nil when the body is anything but the plain shape (the caller then uses `JSONDecoder`).
    static func scan(_ body: [UInt8]) -> TradeBatchDecoder.WireBatch? {
        body.withUnsafeBufferPointer { buffer in
            var scanner = PlainJSONScanner(buffer)
            guard let batch = scanner.tradeBatch(), scanner.atEnd() else { return nil }
            return batch
        }
    }
}

extension PlainJSONScanner {
    /// `{"format":…,"batch_id":…,"node":{…},"items":[…]}` in any key order, each key once.
    fileprivate mutating func tradeBatch() -> TradeBatchDecoder.WireBatch? {
        var batch = TradeBatchDecoder.WireBatch()
        var seen: Set<String> = []
        let complete = object { scanner, key in
            guard seen.insert(key).inserted else { return false }
            switch key {
            case "format": return scanner.string().map { batch.format = $0 } != nil
            case "batch_id": return scanner.string().map { batch.batch_id = $0 } != nil
            case "node":
                var node: [String: String] = [:]
                let ok = scanner.object { scanner, key in
                    guard ["code", "name", "kind"].contains(key), node[key] == nil, let value = scanner.string()
                    else { return false }
                    node[key] = value
                    return true
                }
                batch.node = TradeBatchDecoder.WireNode(
                    code: node["code"] ?? "", name: node["name"] ?? "", kind: node["kind"] ?? "")
                return ok && node.count == 3
            case "items":
                return scanner.array { scanner in
                    guard let item = scanner.tradeItem() else { return false }
                    batch.items.append(item)
                    return true
                }
            default: return false
            }
        }
        return complete && seen.count == 4 ? batch : nil
    }

    /// One item with exactly the known fields, each once.
    private mutating func tradeItem() -> TradeBatchDecoder.WireItem? {
        var item = TradeBatchDecoder.WireItem()
        var seen: UInt32 = 0
        var expected = 0
        let keys = TradeBatchScanner.itemKeys
        guard consume(UInt8(ascii: "{")) else { return nil }
        if consume(UInt8(ascii: "}")) { return nil }
        repeat {
            // Keys are matched as bytes, the next expected one first: no String per key.
            guard let raw = rawString(),
                let key = expected < keys.count && Self.equal(raw, keys[expected])
                    ? expected : keys.firstIndex(where: { Self.equal(raw, $0) }),
                seen & (1 << key) == 0, consume(UInt8(ascii: ":"))
            else { return nil }
            seen |= 1 << key
            expected = key + 1
            let ok: Bool
            switch key {
            case 0: ok = string().map { item.trace_code = $0 } != nil
            case 1: ok = string().map { item.station = $0 } != nil
            case 2: ok = string().map { item.station_kind = $0 } != nil
            case 3: ok = string().map { item.operator_code = $0 } != nil
            case 4: ok = string().map { item.product_code = $0 } != nil
            case 5: ok = string().map { item.product_name = $0 } != nil
            case 6: ok = integer().map { item.grams = $0 } != nil
            case 7: ok = integer().map { item.unit_price_fen = $0 } != nil
            case 8: ok = integer().map { item.amount_fen = $0 } != nil
            case 9:
                ok = array { scanner in
                    guard let parent = scanner.string() else { return false }
                    item.parents.append(parent)
                    return true
                }
            case 10: ok = string().map { item.buyer = $0 } != nil
            case 11: ok = string().map { item.committed_at = $0 } != nil
            case 12: ok = string().map { item.utc_offset = $0 } != nil
            case 13: ok = integer().map { item.ledger_id = $0 } != nil
            case 14: ok = string().map { item.prev_hash = $0 } != nil
            default: ok = string().map { item.hash = $0 } != nil
            }
            guard ok else { return nil }
        } while consume(UInt8(ascii: ","))
        guard consume(UInt8(ascii: "}")), seen == (1 << keys.count) - 1 else { return nil }
        return item
    }
}
