import ArgumentParser
import CommandSupport
import Foundation

/// `--stalls` of the daemon benchmarks (`startup`, `rss`): how large a `SimulatedMarket` the daemon reads.
struct SimulatedMarketOption: ParsableArguments {
    @Option(help: "Simulated stalls the daemon reads (two devices each).")
    var stalls: Int = 5

    func validate() throws { try OptionCheck.between(1...50, stalls, "stalls") }

    /// Starts the simulators of --stalls stalls, their links and configuration in `directory`.
    func start(in directory: String) async throws -> SimulatedMarket {
        try await SimulatedMarket.start(stalls: stalls, in: directory)
    }
}

extension BenchCommand {
    /// `tracegate-tools bench startup`: spawn of `tracegate run` → its "tracegate: ready" line.
    struct Startup: ScratchBenchmark {
        static let configuration = CommandConfiguration(
            commandName: "startup",
            abstract: "Time `tracegate run` from spawn to \"tracegate: ready\", on a fresh and on an existing ledger.",
            discussion: """
                Starts --stalls `tracegate-tools simulate stall` processes (two devices each), then spawns `tracegate run`
                on a configuration that reads them --runs times with a fresh ledger (created and migrated at start)
                and --runs times with the ledger the previous runs left. Ready means: ledger open, devices and
                stations started, local API listening (the moment systemd is told READY=1).
                """)

        @Option(help: "Daemon starts per case.")
        var runs: Int = 10

        @OptionGroup var simulatedMarket: SimulatedMarketOption

        @OptionGroup var scratchDirectory: ScratchDirectoryOption

        func validate() throws { try OptionCheck.atLeast(1, runs, "runs") }

        func measure(in scratch: BenchDirectory) async throws {
            let market = try await simulatedMarket.start(in: scratch.path)
            defer { market.stop() }
            var fresh: [Double] = []
            for _ in 0..<runs {
                market.removeLedger()
                fresh.append(try timeOneStart(market))
            }
            var existing: [Double] = []
            for _ in 0..<runs { existing.append(try timeOneStart(market)) }
            for (name, times) in [("fresh ledger", fresh), ("existing ledger", existing)] {
                let summary = LatencySummary(times)
                let figures = String(
                    format: "median %.1f ms, min %.1f ms, max %.1f ms (%d runs)", summary.median,
                    summary.sorted.first ?? 0, summary.sorted.last ?? 0, times.count)
                print("startup: \(market.deviceCount) devices, \(name): spawn → ready \(figures)")
            }
        }

        /// One daemon start to ready and a clean stop; the start time in milliseconds.
        private func timeOneStart(_ market: SimulatedMarket) throws -> Double {
            let daemon = try market.startDaemon()
            let ready = try daemon.measuring { try daemon.waitUntilReady() }
            try daemon.requireCleanStop(try daemon.stop())
            return ready.seconds * 1000
        }
    }

    /// `tracegate-tools bench rss`: the daemon's memory while it reads simulated devices.
    struct IdleMemory: ScratchBenchmark {
        static let configuration = CommandConfiguration(
            commandName: "rss",
            abstract: "Run `tracegate run` on simulated devices for a while and report its resident memory.",
            discussion: """
                Starts --stalls `tracegate-tools simulate stall` processes (two devices each), runs `tracegate run` on a
                configuration that reads them for --seconds (the scales send frames and trades are committed, but
                nothing uses the API), then reads VmRSS and VmHWM from /proc/PID/status. One simulator's figures
                are printed too, as the floor of a Swift process in this build (Foundation, swift-log, ServiceLifecycle).
                """)

        @OptionGroup var simulatedMarket: SimulatedMarketOption

        @Option(help: "Seconds to run before reading the memory figures.")
        var seconds: Int = 10

        @OptionGroup var scratchDirectory: ScratchDirectoryOption

        func validate() throws { try OptionCheck.atLeast(1, seconds, "seconds") }

        func measure(in scratch: BenchDirectory) async throws {
            let market = try await simulatedMarket.start(in: scratch.path)
            defer { market.stop() }
            let daemon = try market.startDaemon()
            let memory = try daemon.measuring {
                _ = try daemon.waitUntilReady()
                try daemon.drain(for: .seconds(seconds))
                return try ProcessMemory(pid: daemon.pid)
            }
            let simulator = market.simulators.processes.first.flatMap {
                try? ProcessMemory(pid: $0.processIdentifier)
            }
            let status = try daemon.stop()
            print("rss: tracegate run, \(market.deviceCount) devices, after \(seconds) s: \(memory)")
            if let simulator { print("rss: one tracegate-tools simulate stall (for comparison): \(simulator)") }
            try daemon.requireCleanStop(status)
        }
    }
}
