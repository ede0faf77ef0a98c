import ArgumentParser
import CommandSupport
import Foundation
import Gateway
import Ledger
import ReferencePlatform
import SimulatedGateway
import Synchronization

/// `tracegate-tools demo`: the whole gateway on an embedded default with simulated stalls.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the gateway on simulated stalls with a ledger in a temporary directory.",
        discussion: """
            Each stall is a simulated scale and barcode scanner on pseudo-terminals, read through the same
            serial transport as real devices. Trades print as they are committed. Ctrl-C stops.
            A reference city platform runs in the same process on a free loopback port (its database in the
            demo directory) and receives every trade; open the printed lookup URL to follow a trace code.
            --no-platform runs offline.
            """)

    @Option(help: "Stop after this many trades.")
    var trades: Int?

    @Option(help: "Number of simulated stalls.")
    var stalls: Int = 2

    @Option(help: "Keep the ledger in this directory instead of a temporary one.")
    var dataDirectory: String?

    @Option(help: "Local API port (0: any free port).")
    var apiPort: Int = 0

    @Flag(help: "Print acknowledged trades as JSON lines.")
    var json = false

    @Flag(help: "Also print prompts, refusals, device states and deliveries.")
    var verbose = false

    @Flag(help: "Run offline, without the in-process reference platform.")
    var noPlatform = false

    func validate() throws {
        if let trades { try OptionCheck.atLeast(1, trades, "trades") }
        try OptionCheck.between(1...50, stalls, "stalls")
    }

    func run() async throws {
        signal(SIGPIPE, SIG_IGN)
        LoggingSetup.bootstrap(level: verbose ? "info" : "warning")
        let directory =
            dataDirectory
            ?? FileManager.default.temporaryDirectory.appendingPathComponent(
                "tracegate-demo-\(ProcessInfo.processInfo.processIdentifier)"
            ).path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let ledgerPath = directory + "/ledger.db"
        guard !noPlatform else {
            let configuration = DemoConfiguration.configuration(
                ledgerPath: ledgerPath, stalls: stalls, apiPort: apiPort)
            try await runGateway(configuration, ledgerPath: ledgerPath, platformName: nil)
            return
        }
        let platform: ReferencePlatform
        do {
            platform = try ReferencePlatform(
                configuration: PlatformConfiguration(
                    databasePath: directory + "/platform.sqlite", host: "127.0.0.1", port: 0))
        } catch {
            printError("tracegate-tools demo: the reference platform cannot start: \(error.message); try --no-platform")
            throw ExitCode(1)
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await platform.run() }
            _ = try await platform.listeningPort()
            let url = platform.url ?? "http://127.0.0.1"
            printError("tracegate-tools demo: reference platform at \(url) — look trades up at \(url)/")
            let configuration = DemoConfiguration.configuration(
                ledgerPath: ledgerPath, stalls: stalls, apiPort: apiPort, platformURL: URL(string: url))
            do {
                try await runGateway(
                    configuration, ledgerPath: ledgerPath, platformName: DemoConfiguration.platformName)
                let held = try await platform.stats().tradesStored
                printError("tracegate-tools demo: the platform holds \(held) trade(s); look them up at \(url)/")
            } catch {
                await platform.stop()
                throw error
            }
            await platform.stop()
            try await group.waitForAll()
        }
    }

    /// Runs the gateway until Ctrl-C or `--trades`; with a platform, waits (up to 15 s) for the trades to be
    /// delivered before stopping, and in verbose mode prints each delivery.
    private func runGateway(_ configuration: GatewayConfiguration, ledgerPath: String, platformName: String?)
        async throws
    {
        printError("tracegate-tools demo: \(stalls) simulated stall(s), ledger \(ledgerPath)")
        let counter = Atomic<Int>(0)
        let limit = trades
        let (limitReached, limitContinuation) = AsyncStream.makeStream(of: Void.self)
        let (stopSignal, stopContinuation) = AsyncStream.makeStream(of: Void.self)
        var printer = TradeOutput(json: json)
        printer.verbose = verbose
        let output = printer
        var options = GatewayOptions()
        options.deviceSimulation = SimulatedStalls()
        let runtime = try GatewayRuntime(configuration: configuration, options: options) { event in
            output.handle(event)
            if case .tradeAcknowledged = event, let limit, counter.add(1, ordering: .relaxed).newValue == limit {
                limitContinuation.yield()
            }
        }
        let verbose = self.verbose
        // Tasks return true for the gateway itself: the others end when it has stopped.
        try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await runtime.run(until: stopSignal)
                return true
            }
            group.addTask {
                for await _ in limitReached {
                    if let platformName { await Self.waitForDelivery(runtime, platform: platformName) }
                    stopContinuation.yield()
                    break
                }
                return false
            }
            if verbose, let platformName {
                group.addTask {
                    await Self.printDeliveries(runtime, platform: platformName)
                    return false
                }
            }
            while let gatewayStopped = try await group.next(), !gatewayStopped {}
            limitContinuation.finish()
            group.cancelAll()
            try await group.waitForAll()
        }
        let verification = try TradeLedger.openReadOnly(path: ledgerPath).verify()
        printError(
            "tracegate-tools demo: \(verification.tradeCount) trade(s) in the ledger; \(verification.description)")
        printError("look at them with: tracegate trades list --ledger \(ledgerPath)")
    }

    /// Waits until nothing is pending for `platform` (at most 15 s: the demo must end even if it cannot deliver).
    private static func waitForDelivery(_ runtime: GatewayRuntime, platform: String) async {
        let deadline = ContinuousClock.now + .seconds(15)
        runtime.syncNow()
        while ContinuousClock.now < deadline, !Task.isCancelled {
            if let status = try? runtime.ledger.reader.deliveryStatus(platform: platform), status.pendingCount == 0 {
                return
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
        printError("tracegate-tools demo: trades still pending for \(platform) after 15 s; they stay in the ledger")
    }

    /// Prints a line each time the platform settles more trades, until cancelled.
    private static func printDeliveries(_ runtime: GatewayRuntime, platform: String) async {
        var settled: Int64 = 0
        while !Task.isCancelled {
            if let status = try? runtime.ledger.reader.deliveryStatus(platform: platform),
                status.settledThroughID != settled
            {
                settled = status.settledThroughID
                printError(
                    "delivered to \(platform): trades up to #\(settled) settled, \(status.pendingCount) pending,"
                        + " \(status.rejectedCount) rejected")
            }
            try? await Task.sleep(for: .milliseconds(250))
        }
    }
}
