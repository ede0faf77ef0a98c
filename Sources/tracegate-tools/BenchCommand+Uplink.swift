import ArgumentParser
import Benchmarks
import CommandSupport
import Delivery
import Foundation
import Gateway
import Ledger
import SimulatedGateway
import TradeLogic

extension BenchCommand {
    /// `tracegate-tools bench uplink`: a backlog drained over HTTP to a reference platform, and commit → platform latency.
    struct UplinkDelivery: ScratchBenchmark {
        static let configuration = CommandConfiguration(
            commandName: "uplink",
            abstract:
                "Drain a backlog to a reference platform over HTTP; measure trades/s, gateway memory and latency.",
            discussion: """
                Starts `tracegate-tools platform` as a separate process on 127.0.0.1 (ephemeral port, its own SQLite).
                Drain: fills a new ledger with --trades pending trades, starts `tracegate run` on it (one simulated
                stall, an uplink to the platform in tracegate-v1) and times ready → every trade accepted by the
                platform, sampling the daemon's VmRSS every 100 ms. Latency: runs the gateway in this process with
                the same uplink, commits --latency-trades trades at --rate per second through its ledger and
                reports the platform's received_at minus each trade's committed_at (both whole milliseconds).
                """)

        @Option(help: "Pending trades to drain (0 skips the drain).")
        var trades: Int = 1_000_000

        @Option(help: "max_batch_trades of the uplink.")
        var batch: Int = 2000

        @Option(help: "max_batch_bytes of the uplink (2 MiB holds 2,000 tracegate-v1 trades).")
        var batchBytes: Int = 2 << 20

        @Flag(inversion: .prefixedNo, help: "gzip request bodies (the production default).")
        var gzip = true

        @Option(help: "Trades committed for the latency run (0 skips it).")
        var latencyTrades: Int = 3000

        @Option(help: "Trades per second committed in the latency run.")
        var rate: Int = 100

        @OptionGroup var scratchDirectory: ScratchDirectoryOption

        func validate() throws {
            try OptionCheck.atLeast(0, trades, "trades")
            try OptionCheck.atLeast(0, latencyTrades, "latency-trades")
            try OptionCheck.atLeast(1, batch, "batch")
            try OptionCheck.atLeast(1024, batchBytes, "batch-bytes")
            try OptionCheck.between(1...10_000, rate, "rate")
        }

        static let logLevel = "error"

        func measure(in scratch: BenchDirectory) async throws {
            let executable = try SimulatedMarket.currentExecutable()
            let platform = try PlatformProcess(
                executable: executable, database: scratch.path + "/platform.sqlite", maxBatch: max(10_000, batch))
            defer { platform.stop() }
            printError("tracegate-tools bench uplink: platform \(platform.url), files in \(scratch.path)")
            if trades > 0 {
                let market = try await SimulatedMarket.start(stalls: 1, in: scratch.path)
                defer { market.stop() }
                try await drain(platform: platform, market: market, in: scratch)
            }
            if latencyTrades > 0 { try await latency(platform: platform, in: scratch) }
        }

        /// The configuration: one stall (simulated in the process, or read from `market`'s simulator) and the
        /// uplink to `url`.
        private func gatewayConfiguration(ledgerPath: String, url: String, market: SimulatedMarket? = nil) throws
            -> GatewayConfiguration
        {
            guard let platformURL = URL(string: url) else { throw BenchError("the platform's URL \(url) is malformed") }
            var configuration =
                market.map {
                    SimulatedMarket.configuration(stalls: 1, linkDirectory: $0.linkDirectory, ledgerPath: ledgerPath)
                } ?? DemoConfiguration.configuration(ledgerPath: ledgerPath, stalls: 1, apiPort: 0)
            var platform = UplinkPlatformSettings(name: "bench", url: platformURL, format: .tracegateV1)
            platform.maxBatchTrades = batch
            platform.maxBatchBytes = batchBytes
            platform.gzip = gzip
            configuration.uplink = UplinkSettings(platforms: [platform])
            return configuration
        }

        /// Part (a): fill, start the daemon, time the drain, sample its memory.
        private func drain(platform: PlatformProcess, market: SimulatedMarket, in scratch: BenchDirectory) async throws
        {
            let ledgerPath = scratch.newLedgerPath("drain")
            let configurationPath = scratch.path + "/drain.yaml"
            let text = try gatewayConfiguration(ledgerPath: ledgerPath, url: platform.url, market: market).yaml()
            // Checked here so a mistake shows as one message, not as a failed daemon start.
            let configuration = try GatewayConfiguration.load(yaml: text, file: configurationPath)
            try text.write(toFile: configurationPath, atomically: true, encoding: .utf8)

            let clock = ContinuousClock()
            let fillStart = clock.now
            let template = try TraceCodeTemplate(parsing: configuration.traceCodeTemplate)
            let ledger = try TradeLedger(
                configuration: LedgerConfiguration(path: ledgerPath, traceCodeTemplate: template))
            try await OutboxBenchmark.fill(ledger, trades: trades, workers: 256)
            try await ledger.close()
            let fillSeconds = (clock.now - fillStart).seconds
            printError(
                String(format: "tracegate-tools bench uplink: %d pending trades filled in %.1f s", trades, fillSeconds))

            let acceptedBefore = try platform.admin.acceptedTrades()
            let daemon = try GatewayProcess(executable: market.executable, configurationPath: configurationPath)
            var peakKiB = 0
            var samples = 0
            let platformPID = platform.process.processIdentifier
            var cpuBefore: (gateway: Int64, platform: Int64) = (0, 0)
            var cpuAfter: (gateway: Int64, platform: Int64) = (0, 0)
            let elapsed = try daemon.measuring {
                _ = try daemon.waitUntilReady(timeout: .seconds(60))
                cpuBefore = (try IdleCPU.cpuTicks(pid: daemon.pid), try IdleCPU.cpuTicks(pid: platformPID))
                let start = clock.now
                var delivered = 0
                while delivered < trades {
                    guard clock.now - start < .seconds(900) else {
                        throw BenchError("only \(delivered) of \(trades) trades delivered after 900 s")
                    }
                    try daemon.drain(for: .milliseconds(100))
                    peakKiB = max(peakKiB, try ProcessMemory(pid: daemon.pid).residentKiB)
                    samples += 1
                    // The platform's counters are in memory; asking costs it almost nothing.
                    if samples % 5 == 0 { delivered = try platform.admin.acceptedTrades() - acceptedBefore }
                }
                let elapsed = clock.now - start
                cpuAfter = (try IdleCPU.cpuTicks(pid: daemon.pid), try IdleCPU.cpuTicks(pid: platformPID))
                return elapsed
            }
            let memory = try ProcessMemory(pid: daemon.pid)
            try daemon.requireCleanStop(try daemon.stop())
            let reopened = try TradeLedger(configuration: LedgerConfiguration(path: ledgerPath))
            let pending = try reopened.reader.deliveryStatus(platform: "bench").pendingCount
            try await reopened.close()
            // CPU per trade of each side: utime + stime over the drain (the platform also answers the /admin/stats
            // polls above, two a second).
            let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))
            let gatewayCPU = Double(cpuAfter.gateway - cpuBefore.gateway) / ticksPerSecond
            let platformCPU = Double(cpuAfter.platform - cpuBefore.platform) / ticksPerSecond
            print(
                String(
                    format:
                        "uplink drain: %d trades, tracegate-v1, batches ≤ %d trades / %d bytes, gzip %@: %.2f s, %.0f trades/s; gateway VmRSS peak %.1f MiB (%d samples, 100 ms apart), VmHWM %.1f MiB; CPU: gateway %.1f s (%.1f µs/trade), platform %.1f s (%.1f µs/trade); pending afterwards %d (backlog filled in %.1f s)",
                    trades, batch, batchBytes, gzip ? "on" : "off", elapsed.seconds, Double(trades) / elapsed.seconds,
                    Double(peakKiB) / 1024, samples, Double(memory.peakResidentKiB) / 1024, gatewayCPU,
                    gatewayCPU / Double(trades) * 1e6, platformCPU, platformCPU / Double(trades) * 1e6, pending,
                    fillSeconds))
        }

        /// Part (b): the gateway in this process, trades committed at `rate`, platform received_at − committed_at.
        private func latency(platform: PlatformProcess, in scratch: BenchDirectory) async throws {
            let ledgerPath = scratch.newLedgerPath("latency")
            let configuration = try gatewayConfiguration(ledgerPath: ledgerPath, url: platform.url)
            let admin = platform.admin
            var options = GatewayOptions()
            options.apiPortOverride = 0
            options.deviceSimulation = SimulatedStalls()
            let (readySignal, readyContinuation) = AsyncStream.makeStream(of: Void.self)
            let runtime = try GatewayRuntime(configuration: configuration, options: options) { event in
                if case .ready = event { readyContinuation.yield() }
            }
            let (stopSignal, stopContinuation) = AsyncStream.makeStream(of: Void.self)
            let station = "bench-latency"
            let count = latencyTrades
            let interval = Duration.seconds(1) / rate
            let committed = try await withThrowingTaskGroup(of: [String: Date].self) { group in
                group.addTask {
                    try await runtime.run(until: stopSignal)
                    return [:]
                }
                group.addTask {
                    for await _ in readySignal { break }
                    var committed: [String: Date] = [:]
                    let clock = ContinuousClock()
                    let start = clock.now
                    for index in 0..<count {
                        try await clock.sleep(until: start + interval * index)
                        var draft = OutboxBenchmark.sampleDraft(worker: 0, index: index)
                        draft.station = station
                        // Another operator than the drain's trades: a fresh ledger numbers from 1 again, and the
                        // platform would answer the drain's trace codes as duplicates without storing anything.
                        draft.operatorCode = "3301020019999"
                        let trade = try await runtime.ledger.commit(draft)
                        committed[trade.traceCode] = trade.committedAt
                    }
                    // Wait (up to 30 s) for the platform to hold every trade, then stop the gateway.
                    try await waitUntilStored(count, station: station, platform: admin)
                    stopContinuation.yield()
                    return committed
                }
                var merged: [String: Date] = [:]
                for try await part in group { merged.merge(part) { first, _ in first } }
                return merged
            }
            var milliseconds: [Double] = []
            var after = 0
            while true {
                let page = try platform.admin.trades(station: station, after: after, limit: 10_000)
                if page.trades.isEmpty { break }
                after = page.next
                for (code, receivedAt) in page.trades {
                    guard let committedAt = committed[code], let received = Self.parseUTC(receivedAt) else { continue }
                    milliseconds.append((received.timeIntervalSince1970 - committedAt.timeIntervalSince1970) * 1000)
                }
            }
            print(
                "uplink latency: \(count) trades committed at \(rate)/s, durable commit → stored by the platform (1 ms resolution): \(LatencySummary(milliseconds))"
            )
        }

        /// Polls the platform every 200 ms until it holds `count` trades of `station`.
        private func waitUntilStored(_ count: Int, station: String, platform: PlatformAdmin) async throws {
            for _ in 0..<150 {
                var stored = 0
                var after = 0
                while true {
                    let page = try platform.trades(station: station, after: after, limit: 10_000)
                    if page.trades.isEmpty { break }
                    stored += page.trades.count
                    after = page.next
                }
                if stored >= count { return }
                try await Task.sleep(for: .milliseconds(200))
            }
            throw BenchError("the platform did not hold all \(count) latency trades within 30 s")
        }

        /// `2026-11-22T10:15:30.123Z` (WireTime.utc, the platform's received_at).
        static func parseUTC(_ text: String) -> Date? {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            return formatter.date(from: text)
        }
    }
}
