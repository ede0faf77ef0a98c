import Foundation
import Ledger
import ReferencePlatform
import Testing
import TraceModel

extension TraceGateProcessTests {
    /// `kill -9` of the gateway while it delivers to a real `tracegate-tools platform` process that is slow and loses
    /// answers after storing: nothing is lost and nothing is stored twice.
    @Suite("Crash: kill -9 during delivery")
    struct UplinkKillTests {
        /// A backlog of 600 trades plus two live simulated stalls; five rounds each kill -9 the daemon a random
        /// moment after the platform has started receiving its batches, while a batch is at the platform; a last run
        /// drains the outbox. Judged on the platform's receipts log (every request the daemons sent) and the ledger:
        /// every ledger trade is stored exactly once with its ledger contents; the trades whose answers were lost —
        /// dropped by the platform, or left behind by a killed daemon — were sent again and answered `duplicate`;
        /// no station's trade was sent before its predecessor was in the same batch or answered; and a trade was
        /// sent again after its answer had reached a daemon only right after a kill, for the last answers that
        /// daemon may not have recorded.
        @Test("every ledger trade reaches the platform exactly once across five kill -9 rounds")
        func killNineDuringDeliveryLosesAndDuplicatesNothing() async throws {
            let directory = try ScratchDirectory("uplink-kill")
            defer { directory.remove() }
            let platform = try await PlatformProcess(
                in: directory, faults: ["--latency-ms", "25", "--drop-rate", "0.25", "--seed", "9"])
            defer { platform.kill() }
            let stalls = (1...2).map { TestGateway.stall($0, in: directory) }
            let ledgerPath = directory.file("ledger.db")
            try await commitBacklog(600, stalls: stalls, ledgerPath: ledgerPath)
            var simulators: [SimulatedStall] = []
            defer { for simulator in simulators { simulator.kill() } }
            for (index, stall) in stalls.enumerated() {
                simulators.append(try await SimulatedStall(stall, in: directory, seed: UInt64(51 + index), noise: 0.02))
            }
            let uplink = """
                uplink:
                  platforms:
                    - name: city
                      url: "\(platform.url)"
                      format: tracegate-v1
                      max_batch_trades: 5
                      timeout_ms: 3000
                      backoff_initial_ms: 20
                      backoff_max_ms: 200

                """
            let configuration = try directory.write(
                "tracegate.yaml", TestGateway(ledgerPath: ledgerPath, stalls: stalls).yaml + uplink)

            var random = TestSeed("kill -9 during delivery")
            // Per kill: the last request the killed daemon sent (its arrival tick), and whether its answer was lost.
            var kills: [(lastRequest: Int64, cut: Bool)] = []
            for round in 1...5 {
                let daemon = try GatewayDaemon(configurationPath: configuration, in: directory, name: "daemon \(round)")
                defer { daemon.kill() }
                let before = try await platform.tradesStored()
                _ = try await daemon.waitUntilReady()
                // Delivery is under way: the platform has stored some of this round's batches.
                try await Polling.until("round \(round): deliveries", interval: .milliseconds(5)) {
                    try await platform.tradesStored() >= before + 5 ? true : nil
                }
                try await Task.sleep(for: .milliseconds(Int.random(in: 0...120, using: &random)))
                // A batch is at the platform (sent, its 25 ms latency not over): the kill lands between the send and
                // the daemon recording the answer.
                try await Polling.until("round \(round): a batch at the platform", interval: .milliseconds(1)) {
                    try await platform.stats().uploadsInFlight > 0 ? true : nil
                }
                #expect(daemon.process.isRunning, "round \(round): died by itself\n\(daemon.process.standardErrorTail)")
                daemon.kill()
                #expect(try await daemon.process.waitForExit() == 128 + SIGKILL, "round \(round)")
                // The platform finishes what the dead daemon left with it; then its last request is known.
                try await Polling.until("round \(round): the platform to finish", interval: .milliseconds(5)) {
                    try await platform.stats().uploadsInFlight == 0 ? true : nil
                }
                let last = try #require(try await platform.receiptLog().last, "round \(round): nothing sent")
                kills.append((last.request, !last.answerDelivered))
            }

            // No more new trades; a last run drains the outbox and stops gracefully.
            for simulator in simulators { simulator.kill() }
            let last = try GatewayDaemon(configurationPath: configuration, in: directory, name: "daemon drain")
            defer { last.kill() }
            let api = LocalAPIProbe(port: try await last.waitUntilReady())
            try await Polling.until("the outbox to drain", evidence: { last.process.standardErrorTail }) {
                let status = try await api.get("/sync", as: [SyncLine].self)
                return status.allSatisfy { $0.pending == 0 && $0.rejected == 0 } && !status.isEmpty ? true : nil
            }
            #expect(try await last.stop() == 0, "\(last.process.standardErrorTail)")

            let ledger = try ledgerTrades(ledgerPath)
            let stored = try await platform.storedTrades()
            let log = try await platform.receiptLog()
            let counters = try await platform.stats().counters
            #expect(ledger.count >= 600)

            // Exactly once, and each stored trade equals its ledger row field by field.
            let storage = ReceiptAudit.storageProblems(stored: stored, ledger: ledger)
            #expect(ReceiptAudit.summary(storage, "storage problem(s)") == nil)
            for station in Set(ledger.map(\.draft.station)) {
                let committed = ledger.filter { $0.draft.station == station }.sorted { $0.id < $1.id }.map(\.traceCode)
                let received = stored.filter { $0.trade.station == station }.map(\.trade.traceCode)
                #expect(received == committed, "\(station): the platform's storage order differs from commit order")
            }

            // Resends: answers dropped after store, and batches left at the platform by a killed daemon, were
            // followed by the same trades again, answered duplicate (or the stored answer replayed).
            let lost = ReceiptAudit.lostAnswers(log)
            #expect(counters.droppedAnswers > 0 && lost.contains { $0.dropped }, "no store-then-drop fault fired")
            #expect(
                kills.contains { $0.cut },
                """
                none of the five kills cut a batch in flight (each last request's answer reached its daemon): \
                a crash between send and mark-delivered was not exercised
                """)
            let resends = ReceiptAudit.resendProblems(log, lost: lost)
            #expect(ReceiptAudit.summary(resends, "lost answer(s) not followed by an absorbed resend") == nil)
            let receipts = ReceiptAudit.receiptCounts(log)
            #expect(lost.allSatisfy { receipts[$0.traceCode, default: 0] > 1 })

            // Order on the wire: every request the daemons sent, faulted or not.
            let order = ReceiptAudit.sendOrderViolations(log, ledger: ledger)
            #expect(ReceiptAudit.summary(order, "order violation(s) on the wire") == nil)

            // A settled trade is sent again only by the daemon after a kill, and only one of the last two batches
            // whose answers reached the killed daemon (at most two answers can be unrecorded: one being written,
            // one just received).
            let unexplained = ReceiptAudit.needlessResends(log).filter { resend in
                guard let kill = kills.last(where: { $0.lastRequest < resend.request.request }) else { return true }
                let answeredBefore = log.filter { $0.request <= kill.lastRequest && $0.answerDelivered }.suffix(2)
                return !answeredBefore.contains { $0.items.contains { $0.traceCode == resend.traceCode } }
            }
            #expect(
                ReceiptAudit.summary(
                    unexplained.map(\.description), "resend(s) of settled trades not explained by a kill") == nil)
        }

        /// Commits `count` trades round-robin over `stalls` straight into the ledger (the backlog the daemon finds).
        func commitBacklog(_ count: Int, stalls: [TestGateway.Stall], ledgerPath: String) async throws {
            let ledger = try TradeLedger(configuration: LedgerConfiguration(path: ledgerPath))
            for chunk in stride(from: 0, to: count, by: 100) {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for index in chunk..<min(count, chunk + 100) {
                        let stall = stalls[index % stalls.count]
                        let draft = TradeDraft(
                            station: stall.station, nodeCode: TestGateway.nodeCode, operatorCode: stall.operatorCode,
                            productCode: "10010001", productName: "猪后腿肉", grams: Int64(400 + index),
                            unitPriceFen: 3000, amountFen: Int64(400 + index) * 3, parents: [])
                        group.addTask { _ = try await ledger.commit(draft) }
                    }
                    try await group.waitForAll()
                }
            }
            try await ledger.close()
        }

        /// The fields of `GET /sync` read here.
        struct SyncLine: Decodable {
            /// Trades not settled.
            var pending: Int
            /// Trades refused.
            var rejected: Int
        }
    }
}
