import Foundation
import Simulators
import Testing

extension TraceGateProcessTests {
    /// An RFID reader simulator read through the production serial path, end to end.
    @Suite("RFID reader simulators")
    struct RFIDSimulatorTests {
        @Test("simulate rfid → devices read decodes tags", arguments: ["em4100", "uhf-r2000"])
        func simulatedReaderIsReadAndDecoded(protocolName: String) async throws {
            let directory = try ScratchDirectory("rfid-\(protocolName)")
            defer { directory.remove() }
            let link = directory.path + "/reader"
            let simulator = try ChildProcess(
                ["simulate", "rfid", "--protocol", protocolName, "--link", link, "--seed", "7"],
                name: "rfid simulator", in: directory, executable: TraceGateBinary.toolsPath)
            defer { simulator.kill() }
            try await Polling.until("the simulator to print its path", evidence: { simulator.standardErrorTail }) {
                if !simulator.isRunning { throw TestFailure("simulator exited\n\(simulator.standardErrorTail)") }
                return simulator.standardOutputLines.contains(link) ? true : nil
            }
            // uhf-r2000 is polled: devices read writes the decoder's inventory command on schedule.
            let result = try await ChildProcess.run(
                ["devices", "read", "--path", link, "--protocol", protocolName, "--count", "3", "--seconds", "30"],
                in: directory, input: "", timeout: .seconds(60))
            #expect(result.status == 0, "\(result)")
            let tags = try result.outputLines.compactMap { line -> [String: Any]? in
                let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
                return object?["type"] as? String == "tag" ? object : nil
            }
            #expect(tags.count == 3, "\(result)")
            for tag in tags { #expect((tag["data"] as? String)?.isEmpty == false, "\(result)") }
        }

        /// A polled UHF reader behind a real ser2net (a serial device server): `devices read --address` connects
        /// over TCP, its inventory polls go through the device server to the reader, and the tags come back decoded.
        @Test("simulate rfid → ser2net → devices read --address decodes tags")
        func readerBehindADeviceServerIsPolledAndDecoded() async throws {
            let directory = try ScratchDirectory("rfid-tcp")
            defer { directory.remove() }
            let link = directory.path + "/reader"
            let simulator = try ChildProcess(
                ["simulate", "rfid", "--protocol", "uhf-r2000", "--link", link, "--seed", "7"],
                name: "rfid simulator", in: directory, executable: TraceGateBinary.toolsPath)
            defer { simulator.kill() }
            try await Polling.until("the simulator to print its path", evidence: { simulator.standardErrorTail }) {
                if !simulator.isRunning { throw TestFailure("simulator exited\n\(simulator.standardErrorTail)") }
                return simulator.standardOutputLines.contains(link) ? true : nil
            }
            let port = try LoopbackListener.unusedPort()
            let configuration = try directory.write(
                "ser2net.yaml",
                """
                %YAML 1.1
                ---
                connection: &reader
                  accepter: tcp,127.0.0.1,\(port)
                  connector: serialdev,\(link),115200n81,local
                """)
            let server = try ChildProcess(
                ["-n", "-c", configuration, "-P", configuration + ".pid"], name: "ser2net", in: directory,
                executable: "/usr/sbin/ser2net")
            defer { server.kill() }
            // devices read waits for the device server like any missing device, so no start-up race matters.
            let result = try await ChildProcess.run(
                [
                    "devices", "read", "--address", "127.0.0.1:\(port)", "--protocol", "uhf-r2000", "--count", "3",
                    "--seconds", "30",
                ],
                in: directory, input: "", timeout: .seconds(60))
            #expect(result.status == 0, "\(result)\nser2net: \(server.standardErrorTail)")
            let lines = try result.outputLines.compactMap {
                try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }
            let tags = lines.filter { $0["type"] as? String == "tag" }
            #expect(tags.count == 3, "\(result)")
            for tag in tags { #expect((tag["data"] as? String)?.isEmpty == false, "\(result)") }
            #expect(lines.contains { $0["type"] as? String == "state" && $0["state"] as? String == "connected" })
        }
    }
}
