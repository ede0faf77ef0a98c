import Foundation
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
    }
}
