import DeviceProtocols
import Foundation
import Testing

extension TraceGateProcessTests {
    /// Help text is output like any other: a technician reads it at 5 a.m. with no Internet.
    @Suite("Help text")
    struct HelpTextTests {
        @Test("tracegate --help names every command and points at tracegate-tools")
        func topLevelHelp() async throws {
            let directory = try ScratchDirectory("help")
            defer { directory.remove() }
            let result = try await ChildProcess.run(["--help"], in: directory, input: "")
            #expect(result.status == 0, "\(result)")
            for command in [
                "run", "config", "decode", "devices", "trades", "verify", "sync", "outbox", "confirm", "zero",
            ] {
                #expect(result.standardOutput.contains("\n  \(command) "), "missing \(command)\n\(result)")
            }
            // The deployed daemon carries no simulator, platform, demo or benchmark; its help says where they are.
            for command in ["demo", "simulate", "platform", "bench"] {
                #expect(!result.standardOutput.contains("\n  \(command) "), "\(command) in the daemon\n\(result)")
            }
            #expect(result.standardOutput.contains("tracegate-tools"), "\(result)")
        }

        @Test("tracegate-tools --help names the demo, simulators, platform and benchmarks")
        func toolsHelp() async throws {
            let directory = try ScratchDirectory("help-tools")
            defer { directory.remove() }
            let result = try await ChildProcess.run(
                ["--help"], in: directory, input: "", executable: TraceGateBinary.toolsPath)
            #expect(result.status == 0, "\(result)")
            for command in ["demo", "simulate", "platform", "bench"] {
                #expect(result.standardOutput.contains("\n  \(command) "), "missing \(command)\n\(result)")
            }
        }

        @Test("run --help says where trades and logs go and how to stop it")
        func runHelp() async throws {
            let directory = try ScratchDirectory("help-run")
            defer { directory.remove() }
            let result = try await ChildProcess.run(["run", "--help"], in: directory, input: "")
            #expect(result.status == 0, "\(result)")
            #expect(result.standardOutput.contains("--config <config>"), "\(result)")
            #expect(result.standardOutput.contains("/etc/tracegate/tracegate.yaml"), "\(result)")
            #expect(result.standardOutput.contains("SIGTERM"), "\(result)")
        }

        @Test("decode --list shows each protocol with its line settings")
        func decodeList() async throws {
            let directory = try ScratchDirectory("help-decode")
            defer { directory.remove() }
            let result = try await ChildProcess.run(["decode", "--list"], in: directory, input: "")
            #expect(result.status == 0, "\(result)")
            let lines = result.outputLines
            #expect(lines.count == ProtocolCatalog.all.count, "\(result)")
            for descriptor in ProtocolCatalog.all {
                let line = lines.first { $0.hasPrefix(descriptor.name + " ") }
                #expect(line != nil, "missing \(descriptor.name)\n\(result)")
                #expect(line?.contains(descriptor.summary) == true, "\(descriptor.name)\n\(result)")
                #expect(
                    line?.contains("[\(descriptor.defaultLine.summary)\(descriptor.polled ? ", polled" : "")]") == true,
                    "\(descriptor.name)\n\(result)")
            }
            #expect(lines.contains { $0.hasPrefix("toledo-8217 ") && $0.contains("9600 7E1, polled") }, "\(result)")
        }

        @Test("a missing required option is explained, not a stack trace")
        func missingProtocol() async throws {
            let directory = try ScratchDirectory("help-missing")
            defer { directory.remove() }
            let result = try await ChildProcess.run(["decode"], in: directory, input: "")
            #expect(result.status != 0, "\(result)")
            #expect(
                result.standardError.contains("Missing --protocol NAME (tracegate decode --list names them)."),
                "\(result)")
        }
    }
}
