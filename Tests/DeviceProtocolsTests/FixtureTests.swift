import DeviceProtocols
import Foundation
import Testing
import TraceModel

/// Golden fixtures: every example frame of devices.md plus captured edge cases decode to the recorded lines.
@Suite struct FixtureTests {
    /// The bundle holds fixtures for every protocol of the catalogue.
    @Test func everyProtocolHasFixtures() {
        let covered = Set(FixtureCase.all().map(\.protocolName))
        for descriptor in ProtocolCatalog.all {
            #expect(covered.contains(descriptor.name), "no fixtures for \(descriptor.name)")
        }
    }

    /// Each fixture decodes (all bytes at once and one byte at a time) to its `.jsonl` lines.
    ///
    /// Set `TRACEGATE_RECORD_FIXTURES` to the source Fixtures folder to write missing `.jsonl` files
    /// for review instead of failing.
    @Test(arguments: FixtureCase.all())
    func fixtureDecodesToGoldenLines(_ fixture: FixtureCase) throws {
        let bytes = try fixture.input()
        let options = try fixture.options()
        var whole = try ProtocolCatalog.makeDecoder(named: fixture.protocolName, options: options)
        let lines = whole.feed(bytes).map(DecodeOutput.jsonLine)
        var drip = try ProtocolCatalog.makeDecoder(named: fixture.protocolName, options: options)
        let dripped = bytes.flatMap { drip.feed([$0]) }.map(DecodeOutput.jsonLine)
        #expect(dripped == lines)
        guard let expected = fixture.expectedLines() else {
            if let folder = ProcessInfo.processInfo.environment["TRACEGATE_RECORD_FIXTURES"] {
                let url = URL(fileURLWithPath: folder).appendingPathComponent(fixture.protocolName)
                    .appendingPathComponent(fixture.name + ".jsonl")
                try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
            }
            Issue.record("missing \(fixture).jsonl")
            return
        }
        #expect(lines == expected)
    }
}
