#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// A fast path for `TraceGateV1ReplyDecoder`: reads the plain shape of a `BatchResult`
/// (`{"batch_id":"…","results":[{"trace_code":"…","status":"…","reason":"…"},…]}`, keys in any order, `reason`
/// optional, strings without escapes) straight from the bytes.
///
/// Why: `JSONDecoder` cost ~3 µs per trade of the answer, a tenth of the gateway's CPU in the backlog drain
/// (BENCHMARKS.md §6). Anything else — escapes, unknown keys, `null`, numbers, duplicate keys, trailing text —
/// answers nil and `JSONDecoder` decides as before, so malformed answers are judged and worded the same.
struct BatchResultScanner {
    /// One `ItemResult`.
    struct Result {
        /// `trace_code`.
        var traceCode: String
        /// `status`.
        var status: String
        /// `reason`, when present.
        var reason: String?
    }

    /// `batch_id` (when present) and `results`.
    struct Reply {
        /// `batch_id`.
        var batchID: String?
        /// `results`.
        var results: [Result]
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0

    private init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// The answer, or nil when it is not the plain shape.
    static func scan(_ body: [UInt8]) -> Reply? {
        body.withUnsafeBufferPointer { buffer in
            var scanner = BatchResultScanner(buffer)
            guard let reply = scanner.reply() else { return nil }
            scanner.skipSpace()
            return scanner.index == buffer.count ? reply : nil
        }
    }

    private mutating func reply() -> Reply? {
        var batchID: String?
        var results: [Result]?
        let ok = object { scanner, key in
            switch key {
            case "batch_id" where batchID == nil:
                batchID = scanner.string()
                return batchID != nil
            case "results" where results == nil:
                var list: [Result] = []
                let ok = scanner.array { scanner in
                    guard let result = scanner.result() else { return false }
                    list.append(result)
                    return true
                }
                results = list
                return ok
            default:
                return false
            }
        }
        guard ok, let results else { return nil }
        return Reply(batchID: batchID, results: results)
    }

    private mutating func result() -> Result? {
        var code: String?
        var status: String?
        var reason: String?
        let ok = object { scanner, key in
            switch key {
            case "trace_code" where code == nil:
                code = scanner.string()
                return code != nil
            case "status" where status == nil:
                status = scanner.string()
                return status != nil
            case "reason" where reason == nil:
                reason = scanner.string()
                return reason != nil
            default:
                return false
            }
        }
        guard ok, let code, let status else { return nil }
        return Result(traceCode: code, status: status, reason: reason)
    }

    /// The usual answer read without a `String` per result: one result per trade of `batch`, in batch order, with
    /// `batch_id` (when present) equal to the batch's, and a known status. Nil for anything else (the caller then
    /// reads it with `scan(_:)`, which judges and words every other case).
    static func scanInBatchOrder(_ body: [UInt8], batch: UplinkBatch) -> [ItemResult]? {
        body.withUnsafeBufferPointer { buffer in
            var scanner = BatchResultScanner(buffer)
            guard let items = scanner.inOrder(batch) else { return nil }
            scanner.skipSpace()
            return scanner.index == buffer.count ? items : nil
        }
    }

    private mutating func inOrder(_ batch: UplinkBatch) -> [ItemResult]? {
        var sawBatchID = false
        var items: [ItemResult]?
        let ok = object { scanner, key in
            switch key {
            case "batch_id" where !sawBatchID:
                sawBatchID = true
                return scanner.rawString().map { Self.equal($0, batch.id) } ?? false
            case "results" where items == nil:
                var list: [ItemResult] = []
                list.reserveCapacity(batch.trades.count)
                let ok = scanner.array { scanner in
                    guard list.count < batch.trades.count,
                        let item = scanner.inOrderResult(batch.trades[list.count].traceCode)
                    else { return false }
                    list.append(item)
                    return true
                }
                items = list
                return ok
            default:
                return false
            }
        }
        guard ok, let items, items.count == batch.trades.count else { return nil }
        return items
    }

    /// One result whose trace code must be `code`.
    private mutating func inOrderResult(_ code: String) -> ItemResult? {
        var codeMatched = false
        var status: UnsafeBufferPointer<UInt8>?
        var reason: String?
        let ok = object { scanner, key in
            switch key {
            case "trace_code" where !codeMatched:
                codeMatched = scanner.rawString().map { Self.equal($0, code) } ?? false
                return codeMatched
            case "status" where status == nil:
                status = scanner.rawString()
                return status != nil
            case "reason" where reason == nil:
                reason = scanner.string()
                return reason != nil
            default:
                return false
            }
        }
        guard ok, codeMatched, let status else { return nil }
        let reasonText = reason ?? ""
        if Self.equal(status, "accepted") || Self.equal(status, "duplicate") {
            return ItemResult(traceCode: code, outcome: .accepted)
        }
        if Self.equal(status, "rejected") {
            return ItemResult(
                traceCode: code,
                outcome: .rejected(reason: reasonText.isEmpty ? "rejected without a reason" : reasonText))
        }
        if Self.equal(status, "retry") {
            return ItemResult(
                traceCode: code, outcome: .retry(reason: reasonText.isEmpty ? "platform asked to retry" : reasonText))
        }
        return nil
    }

    /// Whether the bytes are exactly `text`'s UTF-8.
    private static func equal(_ bytes: UnsafeBufferPointer<UInt8>, _ text: String) -> Bool {
        var text = text
        return text.withUTF8 { utf8 in
            utf8.count == bytes.count
                && (bytes.isEmpty || memcmp(utf8.baseAddress!, bytes.baseAddress!, bytes.count) == 0)
        }
    }

    /// A string's raw bytes, without escapes or control characters (nil otherwise).
    private mutating func rawString() -> UnsafeBufferPointer<UInt8>? {
        guard consume(UInt8(ascii: "\"")) else { return nil }
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return UnsafeBufferPointer(rebasing: bytes[start..<(index - 1)])
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
            index += 1
        }
        return nil
    }

    /// `{ "key": value, … }`; `member` reads the value after the colon and says whether it was acceptable.
    private mutating func object(_ member: (inout BatchResultScanner, String) -> Bool) -> Bool {
        guard consume(UInt8(ascii: "{")) else { return false }
        if consume(UInt8(ascii: "}")) { return true }
        repeat {
            guard let key = string(), consume(UInt8(ascii: ":")), member(&self, key) else { return false }
        } while consume(UInt8(ascii: ","))
        return consume(UInt8(ascii: "}"))
    }

    /// `[ value, … ]`.
    private mutating func array(_ element: (inout BatchResultScanner) -> Bool) -> Bool {
        guard consume(UInt8(ascii: "[")) else { return false }
        if consume(UInt8(ascii: "]")) { return true }
        repeat {
            guard element(&self) else { return false }
        } while consume(UInt8(ascii: ","))
        return consume(UInt8(ascii: "]"))
    }

    /// A string without escapes or control characters, valid UTF-8; nil for anything else.
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
