import DeviceProtocols
import Simulators
import Testing
import TraceModel

/// Simulated RFID readers put realistic, decodable tag traffic on the wire.
@Suite struct RFIDReaderSimulationTests {
    /// Runs `simulation` for `seconds`, polling polled readers with their real inventory command every
    /// tick; returns the decoded tag reads with the time they arrived and any frame errors.
    static func run(_ simulation: inout RFIDReaderSimulation, seconds: Int) throws -> (
        reads: [(Int, TagRead)], errors: [FrameError]
    ) {
        var decoder = try ProtocolCatalog.makeDecoder(named: simulation.protocolName)
        var reads: [(Int, TagRead)] = []
        var errors: [FrameError] = []
        for _ in 0..<(seconds * 10) {
            var bytes = simulation.step(elapsedMilliseconds: 100)
            if let poll = decoder.pollCommand { bytes += simulation.respond(to: poll) }
            for event in decoder.feed(bytes) {
                switch event {
                case .tag(let tag): reads.append((simulation.elapsedMilliseconds, tag))
                case .frameError(let error): errors.append(error)
                default: Issue.record("unexpected event \(event)")
                }
            }
        }
        return (reads, errors)
    }

    /// The same seed gives the same population, visits and bytes.
    @Test(arguments: RFIDReaderSimulation.protocolNames)
    func sameSeedSameTraffic(protocolName: String) throws {
        var first = try RFIDReaderSimulation(protocolName: protocolName, seed: 7)
        var second = try RFIDReaderSimulation(protocolName: protocolName, seed: 7)
        let poll = try ProtocolCatalog.makeDecoder(named: protocolName).pollCommand ?? []
        for _ in 0..<200 {
            #expect(first.step(elapsedMilliseconds: 100) == second.step(elapsedMilliseconds: 100))
            #expect(first.respond(to: poll) == second.respond(to: poll))
        }
        #expect(first.visits == second.visits)
        #expect(first.population == second.population)
        let other = try RFIDReaderSimulation(protocolName: protocolName, seed: 8)
        #expect(other.population != first.population)
    }

    /// Every read decodes cleanly to exactly the simulated tags, repeats included, and every tag of the
    /// population is realistic for its air interface.
    @Test(arguments: RFIDReaderSimulation.protocolNames)
    func outputDecodesToTheSimulatedTags(protocolName: String) throws {
        var simulation = try RFIDReaderSimulation(protocolName: protocolName, seed: 3)
        let (reads, errors) = try Self.run(&simulation, seconds: 60)
        #expect(errors.isEmpty)
        #expect(simulation.visits.count >= 8)
        #expect(reads.map(\.1.id) == simulation.emitted.map(\.id))
        #expect(Set(reads.map(\.1.id)).isSubset(of: Set(simulation.population.map(\.id))))
        // Tags do repeat while in the field: far more reads than visits.
        #expect(reads.count > simulation.visits.count * 3)
        for tag in simulation.population {
            switch tag.payload {
            case .fdxb(let code): #expect([982, 156].contains(code.country))
            case .em4100(let number): #expect(number.bytes.count == 5)
            case .uid(let uid): #expect([4, 7].contains(uid.count))
            case .epc(let epc): #expect(epc.count == 12)
            }
        }
        if protocolName.hasPrefix("uhf") {
            #expect(reads.contains { $0.1.gtin?.hasPrefix("0690123400012") == true || $0.1.uri != nil })
        }
    }

    /// A duplicate-read filter over the decoded stream gives one event per visit, in order of entry.
    @Test(arguments: RFIDReaderSimulation.protocolNames)
    func duplicateFilterGivesOneEventPerVisit(protocolName: String) throws {
        var simulation = try RFIDReaderSimulation(protocolName: protocolName, seed: 11)
        let (reads, _) = try Self.run(&simulation, seconds: 60)
        var filter = DuplicateReadFilter(window: .seconds(2))
        let admitted = reads.filter { filter.admit($0.1, at: .milliseconds($0.0)) }.map(\.1.id)
        // A visit that began on the last tick may not have been read yet.
        let visits = simulation.visits.filter { $0.enteredAtMilliseconds < simulation.elapsedMilliseconds }
        if simulation.isPolled {
            #expect(Set(admitted) == Set(visits.map(\.tag.id)))
            #expect(admitted.count == visits.count)
        } else {
            #expect(admitted == visits.map(\.tag.id))
        }
    }

    /// Polled readers answer their real inventory command with the tags in the field, and other requests
    /// with the protocol's error reply.
    @Test func polledReadersAnswerTheRealPoll() throws {
        var r2000 = try RFIDReaderSimulation(protocolName: "uhf-r2000", seed: 5)
        #expect(r2000.isPolled)
        while r2000.inField.isEmpty { _ = r2000.step(elapsedMilliseconds: 100) }
        var decoder = try ProtocolCatalog.makeDecoder(named: "uhf-r2000")
        let reply = r2000.respond(to: [0xA0, 0x04, 0x01, 0x89, 0xFF, 0xD3])
        let tags = decoder.feed(reply).compactMap { if case .tag(let tag) = $0 { tag.id } else { nil } }
        #expect(tags == r2000.inField.map(\.id))
        #expect(reply.suffix(12).prefix(4) == [0xA0, 0x0A, 0x01, 0x89])  // ends with the end-of-round frame
        let refused = decoder.feed(r2000.respond(to: [0xA0, 0x03, 0x01, 0x72, 0xEA]))
        #expect(refused.count == 1)
        #expect(refused.allSatisfy { if case .frameError = $0 { true } else { false } })

        var chafon = try RFIDReaderSimulation(protocolName: "uhf-chafon", seed: 5)
        var chafonDecoder = try ProtocolCatalog.makeDecoder(named: "uhf-chafon")
        #expect(chafonDecoder.feed(chafon.respond(to: [0x04, 0x00, 0x01, 0xDB, 0x4B])).isEmpty)  // no tag yet
        while chafon.inField.isEmpty { _ = chafon.step(elapsedMilliseconds: 100) }
        let chafonTags = chafonDecoder.feed(chafon.respond(to: [0x04, 0x00, 0x01, 0xDB, 0x4B])).compactMap {
            if case .tag(let tag) = $0 { tag.id } else { nil }
        }
        #expect(chafonTags == chafon.inField.map(\.id))
        #expect(!chafon.respond(to: [0x04, 0x00, 0x21, 0xD9, 0x6A]).isEmpty)
    }

    /// Continuous readers send nothing in reply to requests; unknown names are refused with the valid list.
    @Test func continuousReadersIgnoreRequestsAndUnknownNamesAreRefused() throws {
        var reader = try RFIDReaderSimulation(protocolName: "em4100", seed: 1)
        #expect(!reader.isPolled)
        #expect(reader.respond(to: [0x01, 0x02]).isEmpty)
        #expect(throws: ProtocolConfigurationError.self) {
            try RFIDReaderSimulation(protocolName: "xk3190-tf0", seed: 1)
        }
        do {
            _ = try RFIDReaderSimulation(protocolName: "mifare", seed: 1)
        } catch {
            #expect(error.message.contains("uhf-chafon"))
        }
    }
}
