import DeviceProtocols
import Foundation
import Testing

extension TraceGateProcessTests {
    /// The technician's commands on bad input: they say what is wrong and exit non-zero.
    @Suite("Operator tools on bad input")
    struct OperatorToolTests {
        /// devices.md §1a: +20.00 and +56.78 as XK3190 tF=0 frames.
        static let frame2000 = "02 2B 30 30 32 30 30 30 32 31 42 03"
        static let frame5678 = "02 2B 30 30 35 36 37 38 32 31 35 03"

        /// Each good frame decodes to its weight even with garbage and a bad checksum around it.
        @Test("decode prints frame errors for garbage and weights for the good frames around it")
        func decodeGarbageBetweenGoodFrames() async throws {
            let directory = try ScratchDirectory("decode")
            defer { directory.remove() }
            // Garbage bytes, a frame with a wrong XOR (…21 41…), then good frames.
            let input =
                "FF 00 13 37 \(Self.frame2000)\n02 2B 30 30 32 30 30 30 32 31 41 03\n\(Self.frame5678) \(Self.frame5678)\n"
            let result = try await ChildProcess.run(
                ["decode", "--protocol", "xk3190-tf0", "--hex"], in: directory, input: input)
            #expect(result.status == 0, "\(result)")
            let objects = try result.outputLines.map { line in
                guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                    throw TestFailure("not a JSON object: \(line)")
                }
                return object
            }
            let types = objects.compactMap { $0["type"] as? String }
            #expect(types.count == objects.count, "\(result)")
            #expect(types.contains("error"), "garbage and the bad checksum must show as errors\n\(result)")
            let grams = objects.filter { $0["type"] as? String == "weight" }.compactMap {
                ($0["grams"] as? NSNumber)?.int64Value
            }
            #expect(grams == [20_000, 56_780, 56_780], "\(result)")
        }

        /// The message names the unknown protocol and lists the known ones.
        @Test("decode with an unknown protocol exits non-zero and lists the protocols")
        func decodeUnknownProtocol() async throws {
            let directory = try ScratchDirectory("decode-unknown")
            defer { directory.remove() }
            let result = try await ChildProcess.run(
                ["decode", "--protocol", "xk9999", "--hex"], in: directory, input: "")
            #expect(result.status != 0, "\(result)")
            #expect(result.standardError.contains("xk9999"), "\(result)")
            for known in ProtocolCatalog.all.map(\.name) {
                #expect(result.standardError.contains(known), "the message should list \(known)\n\(result)")
            }
        }
    }
}
