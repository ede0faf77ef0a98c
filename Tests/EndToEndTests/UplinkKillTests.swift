import Foundation
import Ledger
import Testing
import TraceModel

extension TraceGateProcessTests {
    /// `kill -9` of the gateway while it delivers to a real `tracegate-tools platform` process that is slow and loses
    /// answers after storing: nothing is lost and nothing is stored twice.
    @Suite("Crash: kill -9 during delivery")
    struct UplinkKillTests {
        /// A backlog of 600 trades plus two live simulated stalls; five rounds each kill -9 the daemon a random
        /// moment after the platform has started receiving its batches; a last run drains the outbox. Every trade
        /// of the ledger is at the platform exactly once, each station's in commit order.
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
                #expect(daemon.process.isRunning, "round \(round): died by itself\n\(daemon.process.standardErrorTail)")
                daemon.kill()
                #expect(try await daemon.process.waitForExit() == 128 + SIGKILL, "round \(round)")
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

            let ledger = try await LedgerCommands(ledgerPath: ledgerPath, directory: directory).trades()
            let arrived = try await platform.arrivals()
            #expect(ledger.count >= 600)
            #expect(arrived.count == ledger.count, "platform holds \(arrived.count), ledger \(ledger.count)")
            #expect(Set(arrived.map(\.traceCode)).count == arrived.count, "a trace code arrived twice")
            #expect(Set(arrived.map(\.traceCode)) == Set(ledger.map(\.trace_code)))
            for stall in stalls {
                let committed = ledger.filter { $0.station == stall.station }.sorted { $0.id < $1.id }.map(\.trace_code)
                let received = arrived.filter { $0.station == stall.station }.map(\.traceCode)
                #expect(received == committed, "\(stall.station): arrival order differs from commit order")
            }
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
