import ArgumentParser
import CommandSupport
import Foundation
import Ledger
import SimulatedGateway
import Simulators

#if canImport(Glibc)
    import Glibc
#endif

extension BenchCommand {
    /// `tracegate-tools bench soak`: a market day, compressed — the real daemon trading for hours' worth of trades,
    /// with an uplink outage and a crash, checked for exactly-once delivery and for growth of memory, descriptors
    /// and ledger bytes per trade.
    struct Soak: ScratchBenchmark {
        static let configuration = CommandConfiguration(
            commandName: "soak",
            abstract: "A market day, compressed: --stalls stalls trade --trades trades through `tracegate run`.",
            discussion: """
                Starts `tracegate-tools platform` (127.0.0.1, ephemeral port, its own SQLite), --stalls \
                `tracegate-tools simulate stall --speed S` processes (a scale and a scanner on pseudo-terminals \
                each, the weighing cycle S times faster than real time) and `tracegate run` reading them and \
                delivering to the platform. From 11/24 to 13/24 of --trades (a twelfth of the day, "an hour") the \
                platform is stopped — the uplink is down — and restarted on the same port and database; once, at a \
                seeded random point before the second-to-last reading, the daemon is killed with SIGKILL and \
                restarted; from 3/4 to 4/5 of the way to the second-to-last reading the uplink blips (down and up \
                again), so the daemon compared at the last two readings has run its failure and retry code before \
                both. At each --reading-at (and at --trades) it reads the daemon's VmRSS (RssAnon, RssFile; the median of five \
                samples over a second), open descriptors \
                (/proc/PID/fd), the ledger's files (db, -wal, -shm) and the outbox backlog. Then the stalls stop, \
                the outbox drains, and every trace code in the ledger must be stored by the platform exactly once. \
                Exits non-zero when delivery is not exactly once or VmRSS, descriptors or ledger bytes per trade \
                grew by more than --tolerance percent between the last two readings.
                """)

        @Option(help: "Trades to commit (the day's volume).")
        var trades: Int = 1_000_000

        @Option(help: "Simulated stalls (a scale and a scanner each).")
        var stalls: Int = 50

        @Option(help: "How many times faster than real time the stalls weigh (simulate stall --speed).")
        var speed: Int = 100

        @Option(help: "Seed of the crash point.")
        var seed: UInt64 = 1

        @Option(
            name: .customLong("reading-at"), help: "Take a reading when the ledger holds this many trades (repeat).")
        var readingsAt: [Int] = [10_000, 100_000, 1_000_000]

        @Option(help: "Largest growth, in percent, between the last two readings that still counts as flat.")
        var tolerance: Double = 5

        @OptionGroup var scratchDirectory: ScratchDirectoryOption

        func validate() throws {
            try OptionCheck.atLeast(100, trades, "trades")
            try OptionCheck.between(1...50, stalls, "stalls")
            try OptionCheck.between(1...100, speed, "speed")
            try OptionCheck.atLeast(1, readingsAt, "reading-at")
            try OptionCheck.positive(tolerance, "tolerance")
        }

        static let logLevel = "error"

        func measure(in scratch: BenchDirectory) async throws {
            let plan = SoakPlan(trades: trades, readingsAt: readingsAt, seed: seed)
            let tools = try SimulatedMarket.currentExecutable()
            let database = scratch.path + "/platform.sqlite"
            var platform = try PlatformProcess(executable: tools, database: database, maxBatch: 10_000)
            defer { platform.stop() }
            guard let platformURL = URL(string: platform.url), let port = platformURL.port else {
                throw BenchError("the platform printed no usable URL (\(platform.url))")
            }
            let market = try await SimulatedMarket.start(
                stalls: stalls, in: scratch.path, speed: speed, platformURL: platformURL
            ) { configuration in
                // Frames come in bursts of a 100 ms tick (--speed), so a weight's stable time in real time means
                // nothing here: a stable frame trades at once, as `stable_ms: 0` says.
                for index in configuration.stations.indices {
                    configuration.stations[index].rules.stableDuration = .zero
                }
            }
            defer { market.stop() }
            printError(
                "tracegate-tools bench soak: \(stalls) stalls at \(speed)× speed, \(trades) trades, platform \(platform.url), files in \(scratch.path)"
            )
            printError("tracegate-tools bench soak: \(plan)")

            let clock = ContinuousClock()
            let start = clock.now
            var daemon = try market.startDaemon()
            defer { if daemon.process.isRunning { _ = try? daemon.stop() } }
            _ = try daemon.waitUntilReady(timeout: .seconds(60))
            let ledger = try TradeLedger.openReadOnly(path: market.ledgerPath)
            defer { try? ledger.close() }
            var log = SoakLog(plan: plan)
            var committedAtStart = 0
            var lastProgress = (committed: 0, at: clock.now)
            var next = 0
            while true {
                try daemon.drain(for: .milliseconds(250))
                guard daemon.process.isRunning else {
                    throw BenchError("tracegate run exited during the soak; it said:\n\(daemon.errorText.suffix(4000))")
                }
                let committed = Int(try ledger.lastTrade()?.id ?? 0)
                let now = clock.now
                if committed > lastProgress.committed {
                    lastProgress = (committed, now)
                } else if now - lastProgress.at > .seconds(120) {
                    throw BenchError(
                        "no trade committed for 120 s at \(committed) trades; the daemon said:\n\(daemon.errorText.suffix(4000))"
                    )
                }
                if log.crash == nil, committed >= plan.crashAt {
                    daemon.crash()
                    let restarted = clock.now
                    daemon = try market.startDaemon()
                    _ = try daemon.waitUntilReady(timeout: .seconds(60))
                    committedAtStart = Int(try ledger.lastTrade()?.id ?? 0)
                    log.crash = (committed, (clock.now - restarted).seconds)
                }
                if log.outages.count < plan.outages.count {
                    let outage = plan.outages[log.outages.count]
                    if log.outageStarted == nil, committed >= outage.lowerBound {
                        platform.stop()
                        log.outageStarted = (committed, clock.now)
                    } else if let started = log.outageStarted, committed >= outage.upperBound {
                        platform = try PlatformProcess(
                            executable: tools, database: database, maxBatch: 10_000, port: port)
                        log.outages.append((started.committed, committed, (clock.now - started.at).seconds))
                        log.outageStarted = nil
                    }
                }
                while next < plan.readings.count, committed >= plan.readings[next] {
                    log.readings.append(
                        try SoakReading(
                            daemon: daemon.pid, ledger: ledger, platform: DemoConfiguration.platformName,
                            seconds: (clock.now - start).seconds, committedAtStart: committedAtStart))
                    print(log.readings.last.map { "soak: \($0)" } ?? "")
                    fflush(nil)  // every stream: the figures reach a pipe as they are taken
                    next += 1
                }
                if next == plan.readings.count { break }
            }
            // The day is over: the stalls stop trading and the outbox drains.
            market.stop()
            let closed = clock.now
            while try ledger.deliveryStatus(platform: DemoConfiguration.platformName).pendingCount > 0 {
                guard clock.now - closed < .seconds(1200) else {
                    throw BenchError("the outbox did not drain within 1200 s after the stalls stopped")
                }
                guard daemon.process.isRunning else { throw BenchError("tracegate run exited while draining") }
                try daemon.drain(for: .milliseconds(500))
            }
            log.drainSeconds = (clock.now - closed).seconds
            let rejected = try ledger.deliveryStatus(platform: DemoConfiguration.platformName).rejectedCount
            log.delivery = try SoakDelivery(ledger: ledger, platform: platform.admin, rejected: rejected)
            let memory = try ProcessMemory(pid: daemon.pid)
            try daemon.requireCleanStop(try daemon.stop())
            log.finalMemory = memory
            for line in log.report(stalls: stalls, speed: speed) { print(line) }
            fflush(nil)
            let failures = log.failures(tolerance: tolerance)
            guard failures.isEmpty else {
                throw BenchError("soak failed: " + failures.joined(separator: "; "))
            }
        }
    }
}

/// When things happen in a soak run, by trades in the ledger: readings, the crash and the uplink outages.
struct SoakPlan: CustomStringConvertible {
    /// Trades in the ledger at each reading, ascending; the last is the run's total.
    let readings: [Int]
    /// The daemon is killed once the ledger holds this many trades.
    let crashAt: Int
    /// A short uplink blip, from 3/4 to 4/5 of the way to the second-to-last reading (after the crash): the daemon
    /// compared at the last two readings has run its failure, retry and backlog code before the first of them, as
    /// a market's daemon has by mid-morning. Without it the code pages those paths fault in during the long outage
    /// (~1.5 MiB of the binary; `StartupCode` gave them back after start-up) count as growth between the readings
    /// although they are bounded by the binary, not by trades; RssFile is reported beside VmRSS to show them.
    let blip: ClosedRange<Int>?
    /// The platform is down from the first to the second count: 11/24 to 13/24 of the day, one hour of twelve in
    /// the middle.
    let outage: ClosedRange<Int>

    /// The plan of a run of `trades` trades; `seed` draws the crash point, between 15 % and 60 % of the way to the
    /// second-to-last reading, so the last two readings (the flatness check) come from one daemon process.
    init(trades: Int, readingsAt: [Int], seed: UInt64) {
        readings = Array(Set(readingsAt.filter { $0 < trades })).sorted() + [trades]
        let beforeCompared = readings.count > 1 ? readings[readings.count - 2] : trades
        var random = SeededGenerator(seed: seed)
        crashAt = max(1, Int(Double(beforeCompared) * Double.random(in: 0.15...0.6, using: &random)))
        outage = (trades * 11 / 24)...(trades * 13 / 24)
        let blip = (beforeCompared * 3 / 4)...(beforeCompared * 4 / 5)
        self.blip = blip.lowerBound > crashAt && blip.upperBound < outage.lowerBound ? blip : nil
    }

    /// The uplink's outages in the order they come.
    var outages: [ClosedRange<Int>] { (blip.map { [$0] } ?? []) + [outage] }

    var description: String {
        let blipText = blip.map { "uplink blip from \($0.lowerBound) to \($0.upperBound) trades, " } ?? ""
        return
            "kill -9 at \(crashAt) trades, \(blipText)uplink down from \(outage.lowerBound) to \(outage.upperBound) trades, readings at \(readings.map(String.init).joined(separator: ", "))"
    }
}

/// The daemon and its ledger at one moment of the soak.
struct SoakReading: CustomStringConvertible {
    /// Trades in the ledger.
    var committed: Int
    /// Seconds since the first daemon started.
    var seconds: Double
    /// Trades committed by the daemon running now (since its start).
    var committedByThisDaemon: Int
    /// The daemon's memory.
    var memory: ProcessMemory
    /// Its open file descriptors.
    var descriptors: Int
    /// Sizes of the ledger file, its -wal and its -shm.
    var ledgerBytes: (database: Int, wal: Int, shm: Int)
    /// Trades not yet accepted by the platform.
    var backlog: Int

    /// Reads the figures of the daemon `pid` and of `ledger`, whose outbox delivers to `platform`.
    init(daemon pid: Int32, ledger: LedgerReader, platform: String, seconds: Double, committedAtStart: Int) throws {
        committed = try ledger.count()
        self.seconds = seconds
        committedByThisDaemon = committed - committedAtStart
        memory = try ProcessMemory.median(pid: pid)
        descriptors = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd").count
        func size(_ path: String) -> Int {
            ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
        }
        ledgerBytes = (size(ledger.path), size(ledger.path + "-wal"), size(ledger.path + "-shm"))
        backlog = try ledger.deliveryStatus(platform: platform).pendingCount
    }

    /// All three ledger files.
    var totalLedgerBytes: Int { ledgerBytes.database + ledgerBytes.wal + ledgerBytes.shm }
    /// Ledger bytes per trade held.
    var bytesPerTrade: Double { Double(totalLedgerBytes) / Double(max(1, committed)) }

    var description: String {
        String(
            format:
                "%d trades at %.1f s (%d by this daemon): VmRSS %.1f MiB (RssAnon %.1f, RssFile %.1f, VmHWM %.1f), %d fds, %d threads; ledger %.1f MiB (db %.1f + wal %.1f + shm %.2f) = %.1f bytes/trade; backlog %d",
            committed, seconds, committedByThisDaemon, Double(memory.residentKiB) / 1024,
            Double(memory.anonymousKiB) / 1024, Double(memory.fileKiB) / 1024, Double(memory.peakResidentKiB) / 1024,
            descriptors, memory.threads,
            Double(totalLedgerBytes) / 1_048_576,
            Double(ledgerBytes.database) / 1_048_576, Double(ledgerBytes.wal) / 1_048_576,
            Double(ledgerBytes.shm) / 1_048_576, bytesPerTrade, backlog)
    }
}

/// The end-of-day comparison of the ledger with what the platform stored.
struct SoakDelivery {
    /// Trades in the ledger.
    var ledgerTrades = 0
    /// Trades the platform stores for the ledger's stations.
    var platformTrades = 0
    /// Ledger trace codes the platform does not hold.
    var missing = 0
    /// Trace codes the platform holds that the ledger has not (or holds twice).
    var extra = 0
    /// Trades the outbox marked rejected.
    var rejected = 0

    /// Pages through the whole ledger, then through the platform's trades of each station the ledger names.
    init(ledger: LedgerReader, platform: PlatformAdmin, rejected: Int) throws {
        self.rejected = rejected
        var expected: [String: Set<String>] = [:]
        var after: Int64 = 0
        while true {
            let page = try ledger.trades(afterID: after, limit: 10_000)
            guard let last = page.last else { break }
            after = last.id
            for trade in page { expected[trade.draft.station, default: []].insert(trade.traceCode) }
            ledgerTrades += page.count
        }
        for (station, codes) in expected {
            var unseen = codes
            var position = 0
            while true {
                let page = try platform.trades(station: station, after: position, limit: 10_000)
                if page.trades.isEmpty { break }
                position = page.next
                platformTrades += page.trades.count
                for trade in page.trades where unseen.remove(trade.code) == nil { extra += 1 }
            }
            missing += unseen.count
        }
    }

    /// Every ledger trade stored once, nothing else, nothing rejected.
    var isExactlyOnce: Bool { missing == 0 && extra == 0 && rejected == 0 && platformTrades == ledgerTrades }
}

/// What happened during a soak run, and its verdict.
struct SoakLog {
    /// The plan.
    let plan: SoakPlan
    /// The readings so far.
    var readings: [SoakReading] = []
    /// The crash: trades at the kill, seconds from the new spawn to ready.
    var crash: (committed: Int, readySeconds: Double)?
    /// When the outage under way began.
    var outageStarted: (committed: Int, at: ContinuousClock.Instant)?
    /// The outages over: trades at their start and end, and their length.
    var outages: [(from: Int, to: Int, seconds: Double)] = []
    /// Seconds from the stalls' stop to an empty outbox.
    var drainSeconds = 0.0
    /// The delivery check.
    var delivery: SoakDelivery?
    /// The daemon's memory after the drain.
    var finalMemory: ProcessMemory?

    /// The figures compared between the last two readings: name, earlier and later value.
    var compared: [(name: String, earlier: Double, later: Double)] {
        guard readings.count >= 2 else { return [] }
        let earlier = readings[readings.count - 2]
        let later = readings[readings.count - 1]
        return [
            ("VmRSS", Double(earlier.memory.residentKiB), Double(later.memory.residentKiB)),
            ("open fds", Double(earlier.descriptors), Double(later.descriptors)),
            ("ledger bytes/trade", earlier.bytesPerTrade, later.bytesPerTrade),
        ]
    }

    /// Why the run failed: delivery not exactly once, or a figure that grew by more than `tolerance` percent.
    func failures(tolerance: Double) -> [String] {
        var failures: [String] = []
        if let delivery, !delivery.isExactlyOnce {
            failures.append(
                "delivery not exactly once (ledger \(delivery.ledgerTrades), platform \(delivery.platformTrades), missing \(delivery.missing), extra \(delivery.extra), rejected \(delivery.rejected))"
            )
        }
        for figure in compared where Self.growthPercent(figure.earlier, figure.later) > tolerance {
            failures.append(
                String(
                    format: "%@ grew %.1f%% (> %.1f%%)", figure.name, Self.growthPercent(figure.earlier, figure.later),
                    tolerance))
        }
        return failures
    }

    /// The growth from `earlier` to `later` in percent of `earlier` (negative when it shrank).
    static func growthPercent(_ earlier: Double, _ later: Double) -> Double {
        earlier > 0 ? (later - earlier) / earlier * 100 : (later > 0 ? .infinity : 0)
    }

    /// The table printed at the end.
    func report(stalls: Int, speed: Int) -> [String] {
        var lines = [
            "soak: \(stalls) stalls at \(speed)× speed; \(plan)",
            "| trades | elapsed s | trades/s | by this daemon | VmRSS MiB | RssAnon MiB | RssFile MiB | VmHWM MiB | fds | threads | ledger MiB (db + wal + shm) | bytes/trade | backlog |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        var previous: (committed: Int, seconds: Double) = (0, 0)
        for reading in readings {
            let rate = Double(reading.committed - previous.committed) / max(0.001, reading.seconds - previous.seconds)
            lines.append(
                String(
                    format:
                        "| %d | %.1f | %.0f | %d | %.1f | %.1f | %.1f | %.1f | %d | %d | %.1f (%.1f + %.1f + %.2f) | %.1f | %d |",
                    reading.committed, reading.seconds, rate, reading.committedByThisDaemon,
                    Double(reading.memory.residentKiB) / 1024, Double(reading.memory.anonymousKiB) / 1024,
                    Double(reading.memory.fileKiB) / 1024, Double(reading.memory.peakResidentKiB) / 1024,
                    reading.descriptors, reading.memory.threads, Double(reading.totalLedgerBytes) / 1_048_576,
                    Double(reading.ledgerBytes.database) / 1_048_576, Double(reading.ledgerBytes.wal) / 1_048_576,
                    Double(reading.ledgerBytes.shm) / 1_048_576, reading.bytesPerTrade, reading.backlog))
            previous = (reading.committed, reading.seconds)
        }
        if let crash {
            lines.append(
                String(
                    format: "soak: kill -9 at %d trades; the new daemon was ready in %.2f s", crash.committed,
                    crash.readySeconds))
        }
        for outage in outages {
            lines.append(
                String(
                    format: "soak: uplink down from %d to %d trades (%.1f s)", outage.from, outage.to, outage.seconds))
        }
        lines.append(String(format: "soak: outbox empty %.1f s after the stalls stopped", drainSeconds))
        if let finalMemory { lines.append("soak: daemon after the drain: \(finalMemory)") }
        if let delivery {
            lines.append(
                "soak: delivery: ledger \(delivery.ledgerTrades) trades, platform \(delivery.platformTrades) stored, missing \(delivery.missing), extra \(delivery.extra), rejected \(delivery.rejected): exactly once \(delivery.isExactlyOnce ? "yes" : "NO")"
            )
        }
        if readings.count >= 2 {
            let figures = compared.map {
                String(format: "%@ %+.1f%%", $0.name, Self.growthPercent($0.earlier, $0.later))
            }
            lines.append(
                "soak: \(readings[readings.count - 1].committed) vs \(readings[readings.count - 2].committed) trades: "
                    + figures.joined(separator: ", "))
        }
        return lines
    }
}
