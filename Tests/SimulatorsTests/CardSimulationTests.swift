import DeviceProtocols
import Simulators
import Testing
import TraceModel

/// `simulate card` (serial card modules with given cards) and `simulate keyboard` (umockdev files).
@Suite struct CardSimulationTests {
    /// A serial card module taps exactly the given cards, and each decodes to its UID.
    @Test func cardModuleUsesTheGivenCards() throws {
        let cards = [
            SimulatedTag(.uid([0x8B, 0x0D, 0x4F, 0x49])),
            SimulatedTag(.uid([0x04, 0xA1, 0xB2, 0xC3, 0xD4, 0xE5, 0xF6])),
        ]
        var simulation = try RFIDReaderSimulation(protocolName: "iso14443-serial", seed: 7, population: cards)
        let (reads, errors) = try RFIDReaderSimulationTests.run(&simulation, seconds: 30)
        #expect(errors.isEmpty)
        #expect(Set(reads.map(\.1.id)) == ["8B0D4F49", "04A1B2C3D4E5F6"])
        var em4100 = try RFIDReaderSimulation(
            protocolName: "em4100", seed: 7, population: [SimulatedTag(.em4100(try EM4100Number(hex: "4500C5D1E9")))])
        #expect(Set(try RFIDReaderSimulationTests.run(&em4100, seconds: 10).reads.map(\.1.id)) == ["4500C5D1E9"])
    }

    /// The evemu file types each read and its terminator; decoding its events gives the reads back, Caps
    /// Lock included; time stamps carry no zero-padded (octal to umockdev) microseconds.
    @Test func keyboardRecordingTypesTheReads() throws {
        let recording = KeyboardWedgeRecording(reads: ["6901234567892", "Abc-1"], capsLock: true)
        let text = try recording.events()
        var events: [InputEvent] = []
        for line in text.split(separator: "\n") where line.hasPrefix("E: ") {
            let fields = line.split(separator: " ")
            let microseconds = fields[1].split(separator: ".")[1]
            #expect(microseconds == "0" || !microseconds.hasPrefix("0"), "\(line)")
            events.append(
                InputEvent(
                    type: UInt16(fields[2], radix: 16)!, code: UInt16(fields[3], radix: 16)!, value: Int32(fields[4])!))
        }
        var keyboard = KeyboardDecoder(capsLock: true)
        #expect(keyboard.feed(events) == [.read("6901234567892"), .read("Abc-1")])
        #expect(recording.ioctls.hasPrefix("@DEV /dev/input/event7\n"))
        #expect(recording.ioctls.contains("EVIOCGLED(0) 8 0200000000000000"))
        #expect(recording.deviceDescription.contains("S: input/by-id/usb-TraceGate_Simulated_Wedge-event-kbd"))
        #expect(
            KeyboardWedgeRecording.typedText(uid: [0x8B, 0x0D, 0x4F, 0x49], format: .decimal, byteOrder: .lsbFirst)
                == "1229917579")
        #expect(
            KeyboardWedgeRecording.typedText(em4100: try EM4100Number(hex: "4500C5D1E9"), format: .w26) == "19753737")
    }
}
