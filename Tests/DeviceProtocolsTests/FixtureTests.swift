import DeviceProtocols
import Foundation
import Testing
import TraceModel

/// Golden fixtures: every example frame of devices.md plus captured edge cases decode to the recorded lines.
@Suite struct FixtureTests {
    /// The bundle holds a fixture folder `Fixtures/<name>/` with at least one case for every protocol of the
    /// catalogue, and no folder for a protocol the catalogue does not know (a renamed protocol's fixtures
    /// would silently stop running).
    @Test func everyProtocolHasFixtures() {
        let cases = FixtureCase.all()
        let covered = Set(cases.map(\.protocolName))
        for descriptor in ProtocolCatalog.all {
            #expect(
                covered.contains(descriptor.name),
                "no fixtures for \(descriptor.name): add Tests/DeviceProtocolsTests/Fixtures/\(descriptor.name)/")
        }
        for name in covered {
            #expect(ProtocolCatalog.descriptor(named: name) != nil, "Fixtures/\(name) names no catalogue protocol")
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
