import ArgumentParser
import Foundation
import Gateway
import Ledger
import Synchronization

/// `tracegate demo`: the whole gateway on an embedded default with simulated stalls.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the gateway on simulated stalls with a ledger in a temporary directory.",
        discussion: """
            Each stall is a simulated scale and barcode scanner on pseudo-terminals, read through the same
            serial transport as real devices. Trades print as they are committed. Ctrl-C stops.
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

    @Flag(help: "Also print prompts, refusals and device states.")
    var verbose = false

    func validate() throws {
        if let trades, trades < 1 { throw ValidationError("--trades must be at least 1.") }
        if !(1...50).contains(stalls) { throw ValidationError("--stalls must be between 1 and 50.") }
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
        let yaml = DemoConfiguration.yaml(ledgerPath: ledgerPath, stalls: stalls, apiPort: apiPort)
        let configuration = try GatewayConfiguration.load(yaml: yaml, file: "<embedded demo configuration>")
        printError("tracegate demo: \(stalls) simulated stall(s), ledger \(ledgerPath)")
        let counter = Atomic<Int>(0)
        let limit = trades
        let (limitReached, limitContinuation) = AsyncStream.makeStream(of: Void.self)
        var printer = TradeOutput(json: json)
        printer.verbose = verbose
        let output = printer
        let runtime = try GatewayRuntime(configuration: configuration, options: GatewayOptions()) { event in
            output.handle(event)
            if case .tradeAcknowledged = event, let limit, counter.add(1, ordering: .relaxed).newValue == limit {
                limitContinuation.yield()
            }
        }
        try await runtime.run(until: limitReached)
        let verification = try TradeLedger.openReadOnly(path: ledgerPath).verify()
        printError("tracegate demo: \(verification.tradeCount) trade(s) in the ledger; \(verification.description)")
        printError("look at them with: tracegate trades list --ledger \(ledgerPath)")
    }
}
