import ArgumentParser
import Benchmarks
import CommandSupport
import Foundation
import Gateway
import Ledger
import SimulatedGateway
import Synchronization

/// `tracegate-tools bench …`: the figures in BENCHMARKS.md. Benchmarks print numbers; they never pass or fail
/// on time, so a slow machine gives slow figures rather than a red build.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure durable throughput, commit latency, start-up time and memory (see BENCHMARKS.md).",
        discussion: """
            Build with `swift build -c release` first: a debug build is several times slower and its figures
            mean nothing. `scripts/bench` builds release and runs every benchmark.
            """,
        subcommands: [
            LedgerThroughput.self, CommitLatency.self, Startup.self, IdleMemory.self, DecodeThroughput.self,
            IdleCPU.self, OutboxDrain.self, UplinkDelivery.self, Soak.self, TCPDevices.self,
        ])

    /// Warns once when the figures come from a debug build.
    static func warnIfDebugBuild() {
        #if DEBUG
            printError("warning: this is a debug build; build with `swift build -c release` for meaningful figures")
        #endif
    }
}

/// A benchmark that keeps its files (ledgers, configuration) in a scratch directory: `--directory` when given
/// (kept), else a temporary one removed afterwards. Its `run()` warns about a debug build, sets up logging,
/// makes the directory and hands it to `measure(in:)`.
protocol ScratchBenchmark: AsyncParsableCommand {
    /// `--directory`: where to keep the files; nil for a temporary directory.
    var scratchDirectory: ScratchDirectoryOption { get }
    /// The swift-log level of the run.
    static var logLevel: String { get }
    /// Runs the benchmark with its files in `scratch` and prints its figures.
    func measure(in scratch: BenchDirectory) async throws
}

extension ScratchBenchmark {
    /// The temporary directory's name before its process id: `tracegate-bench-<command name>`.
    static var scratchPrefix: String { "tracegate-bench-\(configuration.commandName ?? "")" }

    /// Warnings and errors only, unless a benchmark says otherwise: the output is the figures.
    static var logLevel: String { "warning" }

    /// Warns about a debug build, sets up logging and the scratch directory, then measures.
    func run() async throws {
        BenchCommand.warnIfDebugBuild()
        LoggingSetup.bootstrap(level: Self.logLevel)
        let scratch = try BenchDirectory(given: scratchDirectory.directory, prefix: Self.scratchPrefix)
        defer { scratch.removeIfTemporary() }
        try await measure(in: scratch)
    }
}

extension BenchCommand {
    /// `tracegate-tools bench ledger`: durable commits per second through the ledger's group commit.
    struct LedgerThroughput: ScratchBenchmark {
        static let configuration = CommandConfiguration(
            commandName: "ledger",
            abstract: "Commit synthetic trades into a new ledger from concurrent tasks; print trades/s and latency.",
            discussion: """
                Every trade is durable (WAL, synchronous=FULL) before its commit returns; concurrent commits share
                one transaction and one fsync (group commit). Repeat --concurrency for several runs, each on a new
                ledger file. Put --directory on the disk the real ledger will use: a tmpfs has no fsync cost.
                """)

        @Option(help: "Trades per run.")
        var trades: Int = 100_000

        @Option(help: "Concurrent committing tasks (repeat for several runs: --concurrency 1 --concurrency 64).")
        var concurrency: [Int] = [64]

        @OptionGroup var scratchDirectory: ScratchDirectoryOption

        func validate() throws {
            try OptionCheck.atLeast(1, trades, "trades")
            try OptionCheck.atLeast(1, concurrency, "concurrency")
        }

        func measure(in scratch: BenchDirectory) async throws {
            printError("tracegate-tools bench ledger: ledgers in \(scratch.path)")
            for workers in concurrency {
                let path = scratch.newLedgerPath("ledger-\(trades)-c\(workers)")
                let result = try await LedgerBenchmark.run(path: path, trades: trades, concurrency: workers)
                print("ledger: \(result)")
            }
        }
    }

    /// `tracegate-tools bench latency`: stable weight frame → durable commit, through the whole gateway.
    struct CommitLatency: ScratchBenchmark {
        static let configuration = CommandConfiguration(
            commandName: "latency",
            abstract: "Run the gateway on simulated stalls and measure stable weight frame → durable commit.",
            discussion: """
                Builds the gateway exactly as `tracegate-tools demo` does (simulated scales and scanners on
                pseudo-terminals, read through the production serial transport, real ledger), without line noise.
                Latency runs from the moment the weight frame that completes the stability rule (stable_ms) reaches
                the station — right after it was read and decoded — to the return of its ledger commit. The
                stability wait itself is a rule, not latency. Scans of products the demo catalogue does not know
                are refused; that is expected.
                """)

        @Option(help: "Simulated stalls (each a scale and a scanner).")
        var scales: Int = 50

        @Option(help: "Stop after this many acknowledged trades.")
        var trades: Int = 300

        @OptionGroup var scratchDirectory: ScratchDirectoryOption

        func validate() throws {
            try OptionCheck.atLeast(1, trades, "trades")
            try OptionCheck.between(1...500, scales, "scales")
        }

        // Refusals of unknown products are expected here and would drown the figures.
        static let logLevel = "error"

        func measure(in scratch: BenchDirectory) async throws {
            let ledgerPath = scratch.newLedgerPath("ledger")
            let configuration = DemoConfiguration.configuration(ledgerPath: ledgerPath, stalls: scales, apiPort: 0)
            var options = GatewayOptions()
            var stalls = SimulatedStalls()
            stalls.noise = 0
            options.deviceSimulation = stalls
            options.recordLatencies = true
            options.apiPortOverride = 0

            let acknowledged = Atomic<Int>(0)
            let rejected = Atomic<Int>(0)
            let limit = trades
            let (limitReached, limitContinuation) = AsyncStream.makeStream(of: Void.self)
            let runtime = try GatewayRuntime(configuration: configuration, options: options) { event in
                switch event {
                case .tradeAcknowledged:
                    if acknowledged.add(1, ordering: .relaxed).newValue == limit { limitContinuation.yield() }
                case .rejected:
                    rejected.add(1, ordering: .relaxed)
                case .ready, .notice, .deviceState:
                    break
                }
            }
            printError(
                "tracegate-tools bench latency: \(scales) simulated stalls, stopping after \(trades) trades, ledger \(ledgerPath)"
            )
            let clock = ContinuousClock()
            let start = clock.now
            try await runtime.run(until: limitReached)
            let elapsed = clock.now - start
            let nanoseconds = runtime.stations.flatMap(\.recordedCommitLatencies)
            let milliseconds = nanoseconds.map { Double($0) / 1_000_000 }
            let summary = LatencySummary(milliseconds)
            let header = String(
                format: "latency: %d stalls, %d trades committed in %.1f s (%d refusals)", scales, nanoseconds.count,
                elapsed.seconds, rejected.load(ordering: .relaxed))
            print("\(header): stable frame → durable commit \(summary)")
        }
    }
}

extension Duration {
    /// The duration in seconds, as a floating-point number for reports.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
