import ArgumentParser

/// The `tracegate` command: the gateway daemon and the technician's tools.
@main
struct TraceGateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tracegate",
        abstract: "Traceability gateway: scales and scanners in, trace-coded trades out.",
        subcommands: [
            RunCommand.self, DemoCommand.self, DecodeCommand.self, SimulateCommand.self, TradesCommand.self,
            VerifyCommand.self, ConfigCommand.self, ConfirmCommand.self, ZeroCommand.self, DevicesCommand.self,
            BenchCommand.self, PlatformCommand.self, SyncCommand.self, OutboxCommand.self,
        ]
    )
}
