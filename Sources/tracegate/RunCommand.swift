import ArgumentParser
import CSerialPort
import CommandSupport
import Foundation
import Gateway
import Logging

/// `tracegate run --config FILE`: the daemon.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the gateway (the systemd service runs this).",
        discussion: """
            Each acknowledged trade is printed to standard output once it is durable (one line, or one JSON
            object with --json); logs go to standard error. SIGTERM or SIGINT stop it gracefully: stations stop
            taking trades, trades being committed land, the ledger closes.
            """)

    @Option(help: "The configuration file.")
    var config: String = "/etc/tracegate/tracegate.yaml"

    @Flag(help: "Print acknowledged trades as JSON lines.")
    var json = false

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    @Option(help: "Serve the local API on this port instead of the configured one (0: any free port).")
    var apiPort: Int?

    func run() async throws {
        // A daemon must outlive its readers: journald restarting, or `| head`, closes stdout.
        signal(SIGPIPE, SIG_IGN)
        LoggingSetup.bootstrap(level: logLevel)
        let configuration: GatewayConfiguration
        do {
            configuration = try GatewayConfiguration.load(path: config)
        } catch let error as ConfigurationError {
            for issue in error.issues { printError("error: \(issue)") }
            printError(
                "tracegate: not starting: \(config) is invalid (see above; check with `tracegate config check \(config)`)"
            )
            throw ExitCode(78)  // EX_CONFIG
        }
        for warning in configuration.warnings { printError("warning: \(warning)") }
        var options = GatewayOptions()
        options.apiPortOverride = apiPort
        let output = TradeOutput(json: json)
        let runtime: GatewayRuntime
        do {
            runtime = try GatewayRuntime(configuration: configuration, options: options) { event in
                output.handle(event)
                // Start-up is over: its code need not stay resident (StartupCode); warm-up neither, once it is over.
                if case .ready = event {
                    StartupCode.release()
                    Task.detached(priority: .background) {
                        try? await Task.sleep(for: StartupCode.warmUp)
                        StartupCode.release()
                        await HeapTrim.run()
                    }
                }
            }
        } catch {
            printError("tracegate: not starting: \(error)")
            throw ExitCode(1)
        }
        try await runtime.run()
    }
}
