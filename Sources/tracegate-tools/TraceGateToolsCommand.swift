import ArgumentParser

/// The `tracegate-tools` command: what sits around the gateway daemon and is never deployed inside it — device
/// simulators, the reference city platform, the demo and the benchmarks.
@main
struct TraceGateToolsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tracegate-tools",
        abstract: "Simulators, a reference city platform, the demo and benchmarks for the tracegate daemon.",
        subcommands: [DemoCommand.self, SimulateCommand.self, PlatformCommand.self, BenchCommand.self]
    )
}
