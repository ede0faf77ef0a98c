/// A fast path for `TraceGateV1ReplyDecoder`: reads the plain shape of a `BatchResult`
/// (`{"batch_id":"…","results":[{"trace_code":"…","status":"…","reason":"…"},…]}`, keys in any order, `reason`
/// optional, strings without escapes) straight from the bytes (`PlainJSONScanner`).
///
/// Why: `JSONDecoder` cost ~3 µs per trade of the answer, a tenth of the gateway's CPU in the backlog drain
/// (BENCHMARKS.md §6). Anything else — escapes, unknown keys, `null`, numbers, duplicate keys, trailing text —
/// answers nil and `JSONDecoder` decides as before, so malformed answers are judged and worded the same.
enum BatchResultScanner {
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

    /// The answer, or nil when it is not the plain shape.
    static func scan(_ body: [UInt8]) -> Reply? {
        body.withUnsafeBufferPointer { buffer in
            var scanner = PlainJSONScanner(buffer)
            guard let reply = scanner.batchResult(), scanner.atEnd() else { return nil }
            return reply
        }
    }

    /// The usual answer read without a `String` per result: one result per trade of `batch`, in batch order, with
    /// `batch_id` (when present) equal to the batch's, and a known status. Nil for anything else (the caller then
    /// reads it with `scan(_:)`, which judges and words every other case).
    static func scanInBatchOrder(_ body: [UInt8], batch: UplinkBatch) -> [ItemResult]? {
        body.withUnsafeBufferPointer { buffer in
            var scanner = PlainJSONScanner(buffer)
            guard let items = scanner.resultsInOrder(batch), scanner.atEnd() else { return nil }
            return items
        }
    }
}

extension PlainJSONScanner {
    fileprivate mutating func batchResult() -> BatchResultScanner.Reply? {
        var batchID: String?
        var results: [BatchResultScanner.Result]?
        let ok = object { scanner, key in
            switch key {
            case "batch_id" where batchID == nil:
                batchID = scanner.string()
                return batchID != nil
            case "results" where results == nil:
                var list: [BatchResultScanner.Result] = []
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
        return BatchResultScanner.Reply(batchID: batchID, results: results)
    }

    private mutating func result() -> BatchResultScanner.Result? {
        var code: String?
        guard
            let fields = resultFields(traceCode: { scanner in
                code = scanner.string()
                return code != nil
            }), let code
        else { return nil }
        return BatchResultScanner.Result(traceCode: code, status: fields.status, reason: fields.reason)
    }

    /// One result object: `trace_code` once, read by `traceCode` (false: malformed or not the one expected),
    /// `status` required and `reason` optional, nothing else; nil when it is not that.
    private mutating func resultFields(traceCode: (inout PlainJSONScanner) -> Bool) -> (
        status: String, reason: String?
    )? {
        var sawCode = false
        var status: String?
        var reason: String?
        let ok = object { scanner, key in
            switch key {
            case "trace_code" where !sawCode:
                sawCode = true
                return traceCode(&scanner)
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
        guard ok, sawCode, let status else { return nil }
        return (status, reason)
    }

    fileprivate mutating func resultsInOrder(_ batch: UplinkBatch) -> [ItemResult]? {
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
                        let item = scanner.resultInOrder(batch.trades[list.count].traceCode)
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
    private mutating func resultInOrder(_ code: String) -> ItemResult? {
        guard let fields = resultFields(traceCode: { $0.rawString().map { Self.equal($0, code) } ?? false })
        else { return nil }
        return ItemOutcome(tracegateV1Status: fields.status, reason: fields.reason).map {
            ItemResult(traceCode: code, outcome: $0)
        }
    }
}
