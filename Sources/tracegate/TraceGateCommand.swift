import ArgumentParser

/// The `tracegate` command: the gateway daemon and the operator's and technician's tools. Simulators, the
/// reference platform, benchmarks and the demo are in `tracegate-tools`, so the deployed binary links none of them.
@main
struct TraceGateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tracegate",
        abstract: "Traceability gateway: scales and scanners in, trace-coded trades out.",
        discussion: """
            Simulated devices, the reference city platform, the demo and the benchmarks are in tracegate-tools.
            """,
        subcommands: [
            RunCommand.self, ConfigCommand.self, DecodeCommand.self, DevicesCommand.self, TradesCommand.self,
            VerifyCommand.self, SyncCommand.self, OutboxCommand.self, ConfirmCommand.self, ZeroCommand.self,
        ]
    )

    /// Sets the allocation policy before the concurrency runtime starts its threads, then runs the command.
    static func main() async {
        AllocationPolicy.apply()
        await main(nil)
    }
}
