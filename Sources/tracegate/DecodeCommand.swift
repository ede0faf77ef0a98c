import ArgumentParser
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

/// Decoder options shared by `decode` and the simulators.
struct DecoderOptionFlags: ParsableArguments {
    @Option(help: "Identical frames that make a weight stable, for frames without a stability flag.")
    var stableFrames: Int = 3

    @Option(help: "Unit for indicators that send none: kg, g, lb, oz, jin.")
    var unit: String = "kg"

    @Flag(help: "xk3190-reversed: the digits are in normal order (=0003.000).")
    var notReversed = false

    @Option(help: "generic-line: regular expression with named groups value, unit, stable.")
    var pattern: String?

    @Option(help: "barcode-line: cr, lf, crlf or suffix:TEXT.")
    var terminator: String = "cr"

    @Option(help: "em4100-keyboard: how the reader types cards: decimal10, w26, w34, hex10.")
    var format: String = "decimal10"

    @Option(help: "iso14443-keyboard: hex or decimal UIDs.")
    var uidFormat: String = "decimal"

    @Option(help: "iso14443-keyboard: msb-first or lsb-first (the reader's byte order).")
    var byteOrder: String = "msb-first"

    @Option(help: "iso14443-keyboard: UID size in bytes for decimal UIDs: 4, 7 or 10 (default: shortest that fits).")
    var uidLength: Int?

    /// The decoder options these flags stand for.
    func options() throws -> DecoderOptions {
        guard let unit = WeightUnit(wire: unit) else {
            throw ValidationError("--unit must be one of kg, g, lb, oz, jin (got '\(unit)').")
        }
        var options = DecoderOptions()
        options.stableFrames = stableFrames
        options.unit = unit
        options.reversed = !notReversed
        options.pattern = pattern
        options.terminator = terminator
        var card = ["format": format, "uidFormat": uidFormat, "byteOrder": byteOrder]
        if let uidLength { card["uidLength"] = String(uidLength) }
        do {
            let parsed = try DecoderOptions(settings: card)
            options.cardFormat = parsed.cardFormat
            options.uidFormat = parsed.uidFormat
            options.byteOrder = parsed.byteOrder
            options.uidLength = parsed.uidLength
        } catch {
            throw ValidationError("--\(error.option ?? "format"): \(error.message)")
        }
        return options
    }
}

/// Hex text as technicians paste it: `02 2B 30`, `022B30`, `0x02,0x2B`.
enum HexText {
    /// Decodes complete byte pairs; returns the bytes and any trailing odd digit for the next chunk.
    static func decode(_ text: String) throws -> ([UInt8], String) {
        var digits: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let ch = text[index]
            let next = text.index(after: index)
            if ch == "0", next < text.endIndex, text[next] == "x" || text[next] == "X" {
                index = text.index(after: next)
                continue
            }
            if let value = ch.hexDigitValue {
                digits.append(UInt8(value))
            } else if !(ch.isWhitespace || ch == "," || ch == ":" || ch == "-") {
                throw ValidationError("Not hex: '\(ch)'. Give bytes as hex pairs, e.g. 02 2B 30.")
            }
            index = next
        }
        var bytes: [UInt8] = []
        var i = 0
        while i + 1 < digits.count {
            bytes.append(digits[i] << 4 | digits[i + 1])
            i += 2
        }
        let rest = i < digits.count ? String(digits[i], radix: 16) : ""
        return (bytes, rest)
    }
}
