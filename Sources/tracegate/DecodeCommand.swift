import ArgumentParser
import CommandSupport
import DeviceProtocols
import Foundation
import TraceModel

/// `tracegate decode`: the technician's answer to "what is my scale sending?".
struct DecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Decode raw device bytes from standard input, one JSON object per line.",
        discussion: """
            Examples:
              cat capture.bin | tracegate decode --protocol xk3190-tf0
              echo "02 2B 30 30 32 30 30 30 32 31 42 03" | tracegate decode --protocol xk3190-tf0 --hex
              printf '0012964329\\n' | tracegate decode --protocol em4100-keyboard
              tracegate decode --list
            Keyboard card readers (em4100-keyboard, iso14443-keyboard) are decoded from the text they type,
            one read per line.
            """)

    @Option(name: .customLong("protocol"), help: "Protocol name (see --list).")
    var protocolName: String?

    @Flag(help: "List the protocols and exit.")
    var list = false

    @Flag(help: "Input is hex text (spaces, newlines and 0x prefixes ignored) instead of raw bytes.")
    var hex = false

    @OptionGroup var decoderOptions: DecoderOptionFlags

    func validate() throws {
        if !list, protocolName == nil {
            throw ValidationError("Missing --protocol NAME (tracegate decode --list names them).")
        }
        if let protocolName, ProtocolCatalog.descriptor(named: protocolName) == nil {
            throw ValidationError(
                "Unknown protocol '\(protocolName)'. Known: \(ProtocolCatalog.all.map(\.name).joined(separator: ", "))."
            )
        }
    }

    func run() throws {
        if list {
            // Wide enough for the longest name (iso14443-keyboard), so no name is cut.
            let width = max(16, ProtocolCatalog.all.map(\.name.count).max() ?? 0)
            for descriptor in ProtocolCatalog.all {
                let line = descriptor.defaultLine
                let polled = descriptor.polled ? ", polled" : ""
                print(
                    "\(descriptor.name.padding(toLength: width, withPad: " ", startingAt: 0)) \(descriptor.summary) [\(line.baud) \(line.dataBits)\(line.parity.rawValue.prefix(1).uppercased())\(line.stopBits)\(polled)]"
                )
            }
            return
        }
        var decoder: any FrameDecoder
        do {
            decoder = try ProtocolCatalog.makeDecoder(named: protocolName!, options: try decoderOptions.options())
        } catch {
            throw ValidationError("\(error)")
        }
        var pendingHex = ""
        while true {
            let chunk = FileHandle.standardInput.availableData
            if chunk.isEmpty { break }
            let bytes: [UInt8]
            if hex {
                pendingHex += String(decoding: chunk, as: UTF8.self)
                let (decoded, rest) = try HexText.decode(pendingHex)
                pendingHex = rest
                bytes = decoded
            } else {
                bytes = Array(chunk)
            }
            for event in decoder.feed(bytes) { print(DecodeOutput.jsonLine(event)) }
        }
        if hex, !pendingHex.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ValidationError(
                "Hex input ends with an odd digit: '\(pendingHex.trimmingCharacters(in: .whitespacesAndNewlines))'.")
        }
    }
}
