import Testing
import TraceModel
import Uplink

@testable import ReferencePlatform

/// `ReceiptAudit` on hand-written logs: each check finds what it is for and nothing else.
@Suite struct ReceiptAuditTests {
    /// Station a: a1, a2, a3 (ledger ids 1, 3, 5); station b: b1, b2 (ids 2, 4).
    let ledger: [Trade] = [("a1", "a"), ("b1", "b"), ("a2", "a"), ("b2", "b"), ("a3", "a")].enumerated().map {
        index, pair in
        var trade = Fixtures.trade(index + 1, station: pair.1, parents: ["p"], code: pair.0)
        trade.prevHash = "h\(index)"
        return trade
    }

    /// A request arriving at `tick`, answered at `answered` (nil: no answer).
    func request(
        _ tick: Int64, _ items: [(String, ReceiptAnswer)], answered: Int64? = nil, outcome: ReceiptOutcome = .answered,
        dropped: Bool = false, gone: Bool = false
    ) -> ReceiptRequest {
        ReceiptRequest(
            request: tick, format: "tracegate-v1", batch: "batch\(tick)", outcome: outcome,
            answered: answered ?? (outcome == .answered || outcome == .replayed ? tick + 1 : nil),
            answerDropped: dropped,
            senderGone: gone,
            items: items.map { Receipt(traceCode: $0.0, station: String($0.0.prefix(1)), answer: $0.1) })
    }

    @Test func inOrderBatchesOneAfterAnotherPass() {
        let log = [
            request(1, [("a1", .accepted), ("b1", .accepted), ("a2", .accepted)]),
            request(3, [("b2", .accepted), ("a3", .accepted)]),
        ]
        #expect(ReceiptAudit.sendOrderViolations(log, ledger: ledger).isEmpty)
        #expect(ReceiptAudit.needlessResends(log).isEmpty)
    }

    @Test func aLaterTradeSentBeforeItsPredecessorWasAnsweredIsAViolation() {
        // Pipelined without waiting: request 2 arrives before request 1 is answered (tick 3).
        let log = [
            request(1, [("a1", .accepted), ("b1", .accepted)], answered: 3),
            request(2, [("a2", .accepted)], answered: 4),
        ]
        let problems = ReceiptAudit.sendOrderViolations(log, ledger: ledger)
        #expect(problems.count == 1)
        #expect(problems.first?.contains("sent a2") == true && problems.first?.contains("before a1") == true)
    }

    @Test func aLaterTradeFirstInItsRequestIsAViolationEvenIfThePredecessorFollows() {
        let log = [request(1, [("a2", .accepted), ("a1", .accepted)])]
        #expect(ReceiptAudit.sendOrderViolations(log, ledger: ledger).count == 1)
    }

    @Test func aLostAnswerSettlesNothing() {
        for lost in [
            request(1, [("a1", .accepted)], dropped: true), request(1, [("a1", .accepted)], gone: true),
            request(1, [("a1", .none)], outcome: .serverError), request(1, [("a1", .retry)]),
        ] {
            let log = [lost, request(5, [("a2", .accepted)])]
            #expect(ReceiptAudit.sendOrderViolations(log, ledger: ledger).count == 1, "\(lost)")
        }
    }

    @Test func aResendWithThePredecessorFirstIsInOrderAndARejectionSettles() {
        let log = [
            request(1, [("a1", .accepted), ("a2", .accepted)], dropped: true),
            request(3, [("a1", .duplicate), ("a2", .duplicate)]),
            request(5, [("b1", .rejected)]),
            request(7, [("b2", .accepted), ("a3", .accepted)]),
        ]
        #expect(ReceiptAudit.sendOrderViolations(log, ledger: ledger).isEmpty)
        #expect(ReceiptAudit.needlessResends(log).isEmpty)
        let lost = ReceiptAudit.lostAnswers(log)
        #expect(lost.map(\.traceCode) == ["a1", "a2"] && lost.allSatisfy { $0.dropped && $0.request == 1 })
        #expect(ReceiptAudit.resendProblems(log, lost: lost).isEmpty)
        #expect(ReceiptAudit.receiptCounts(log) == ["a1": 2, "a2": 2, "b1": 1, "b2": 1, "a3": 1])
    }

    @Test func aLostAnswerNeverFollowedUpIsReported() {
        let log = [request(1, [("a1", .accepted)], dropped: true)]
        let problems = ReceiptAudit.resendProblems(log, lost: ReceiptAudit.lostAnswers(log))
        #expect(problems == ["a1 was stored by request 1 but its answer was dropped, and it never arrived again"])
        let unabsorbed = [request(1, [("a1", .accepted)], dropped: true), request(3, [("a1", .none)], outcome: .reset)]
        #expect(ReceiptAudit.resendProblems(unabsorbed, lost: ReceiptAudit.lostAnswers(unabsorbed)).count == 1)
    }

    @Test func sendingASettledTradeAgainIsANeedlessResend() {
        let log = [request(1, [("a1", .accepted)]), request(3, [("a1", .duplicate), ("a2", .accepted)])]
        let problems = ReceiptAudit.needlessResends(log)
        #expect(problems.count == 1 && problems.first?.traceCode == "a1" && problems.first?.settledBy == 1)
        #expect(problems.first?.description.contains("sent a1 again") == true)
    }

    @Test func storageIsJudgedOnceAndFieldByField() {
        func stored(_ trade: Trade, sequence: Int64) -> StoredTrade {
            let draft = trade.draft
            return StoredTrade(
                sequence: sequence,
                trade: PlatformTrade(
                    traceCode: trade.traceCode, station: draft.station, stationKind: "retail_sale",
                    nodeCode: draft.nodeCode, nodeName: "n", operatorCode: draft.operatorCode,
                    productCode: draft.productCode, productName: draft.productName, grams: draft.grams,
                    unitPriceFen: draft.unitPriceFen, amountFen: draft.amountFen, parents: draft.parents,
                    buyer: draft.buyer, committedAt: WireTime.utc(trade.committedAt), utcOffset: "+08:00",
                    ledgerID: trade.id, prevHash: trade.prevHash, hash: trade.hash),
                format: "tracegate-v1", batch: "b", receivedAt: "")
        }
        let all = ledger.enumerated().map { stored($1, sequence: Int64($0 + 1)) }
        #expect(ReceiptAudit.storageProblems(stored: all, ledger: ledger).isEmpty)

        var changed = all
        changed[2].trade.grams += 1
        changed[2].trade.parents = []
        #expect(
            ReceiptAudit.storageProblems(stored: changed, ledger: ledger) == [
                "a2 (ledger id 3) differs: grams: stored 1235, ledger 1234",
                #"a2 (ledger id 3) differs: parents: stored [], ledger ["p"]"#,
            ])
        let twice = all + [stored(ledger[0], sequence: 9)]
        #expect(
            ReceiptAudit.storageProblems(stored: twice, ledger: ledger) == [
                "a1 (ledger id 1) is stored 2 times (platform sequences [1, 9])"
            ])
        #expect(
            ReceiptAudit.storageProblems(stored: Array(all.dropFirst()), ledger: ledger) == [
                "a1 (ledger id 1, a) is not stored"
            ])
    }
}
