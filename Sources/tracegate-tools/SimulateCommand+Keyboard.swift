import ArgumentParser
import CommandSupport
import DeviceProtocols
import Foundation
import Gateway
import Simulators
import TraceModel

extension SimulateCommand {
    /// `simulate card`: a serial card module with given cards.
    struct Card: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "card",
            abstract: "A serial card reader module (iso14443-serial or em4100) with the given cards tapped on it.",
            discussion: """
                Cards are tapped in random order, each held a few seconds and read 5 times a second, as real
                modules repeat a card in the field; the gateway's duplicate-read window makes one tap of each.
                Example: tracegate-tools simulate card --protocol iso14443-serial --uids 8B0D4F49,04A1B2C3D4E5F6
                """)

        @Option(name: .customLong("protocol"), help: "iso14443-serial (MIFARE UID module) or em4100.")
        var protocolName: String = "iso14443-serial"

        @Option(
            help: "Comma-separated cards: UIDs in hex (4, 7 or 10 bytes) for iso14443-serial, 10 hex digits for em4100."
        )
        var uids: String?

        @Option(help: "Create this symlink to the pseudo-terminal.")
        var link: String?

        @OptionGroup var traffic: Traffic

        func validate() throws {
            guard Self.cardKind(of: protocolName) != nil else {
                throw ValidationError(
                    "--protocol must be \(Self.cardProtocols.joined(separator: " or ")) (got '\(protocolName)').")
            }
            _ = try cards()
        }

        /// Serial card modules: continuous readers of EM4100 cards or 13.56 MHz UIDs.
        static var cardProtocols: [String] {
            ProtocolCatalog.simulatedReaderProtocols.filter { cardKind(of: $0) != nil }
        }

        /// The card kind a continuous card module of `protocolName` reads, or nil when it is not one.
        static func cardKind(of protocolName: String) -> TagPayload.Kind? {
            guard case .continuous(let kind, _) = ProtocolCatalog.descriptor(named: protocolName)?.tagEncoder,
                kind == .em4100 || kind == .uid
            else { return nil }
            return kind
        }

        /// The cards from --uids, nil for the sample cards.
        func cards() throws -> [SimulatedTag]? {
            guard let uids else { return nil }
            var cards: [SimulatedTag] = []
            for item in uids.split(separator: ",") {
                let text = String(item.trimmingSpaces())
                if Self.cardKind(of: protocolName) == .em4100 {
                    do {
                        cards.append(SimulatedTag(.em4100(try EM4100Number(hex: text))))
                    } catch {
                        throw ValidationError("--uids: \(error.message)")
                    }
                } else {
                    guard let bytes = HexText.bytes(compact: text), [4, 7, 10].contains(bytes.count) else {
                        throw ValidationError("--uids: '\(text)' must be a 4, 7 or 10-byte UID in hex, e.g. 8B0D4F49.")
                    }
                    cards.append(SimulatedTag(.uid(bytes)))
                }
            }
            guard !cards.isEmpty else { throw ValidationError("--uids names no card.") }
            return cards
        }

        func run() async throws {
            let simulation: RFIDReaderSimulation
            do {
                simulation = try RFIDReaderSimulation(
                    protocolName: protocolName, seed: traffic.seed, population: try cards())
            } catch let error as ProtocolConfigurationError {
                throw ValidationError("--protocol: \(error.message)")
            }
            try await SimulateCommand.runReader(simulation, link: link, verbose: traffic.verbose, label: "card")
        }
    }

    /// `simulate keyboard`: the umockdev files of a keyboard-wedge scanner or card reader.
    struct Keyboard: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "keyboard",
            abstract: "Write the umockdev files of a keyboard-wedge scanner or card reader typing the given reads.",
            discussion: """
                Writes kbd.umockdev (device with /dev/input/by-id and by-path links), kbd.ioctl (EVIOCGNAME,
                EVIOCGLED) and kbd.events (evemu key events) into --out-dir and prints how to replay them:
                  tracegate-tools simulate keyboard --text 6901234567892 --out-dir /tmp/kbd
                  umockdev-run -d /tmp/kbd/kbd.umockdev -i /dev/input/event7=/tmp/kbd/kbd.ioctl \\
                    -e /dev/input/event7=/tmp/kbd/kbd.events -- tracegate devices input \\
                    --path /dev/input/by-id/usb-TraceGate_Simulated_Wedge-event-kbd --count 1
                Card readers: --em4100 4500C5D1E9 --format w26, or --uid 8B0D4F49 --uid-format decimal
                --byte-order lsb-first, type what such a reader types for that card.
                """)

        @Option(help: "A read to type (repeatable), e.g. a barcode.")
        var text: [String] = []

        @Option(help: "An EM4100 card (10 hex digits) to type as --format says (repeatable).")
        var em4100: [String] = []

        @Option(help: "em4100 cards: decimal10, w26, w34 or hex10.")
        var format: String = "decimal10"

        @Option(help: "A MIFARE UID in hex, transmission order (repeatable).")
        var uid: [String] = []

        @Option(help: "UIDs: hex or decimal.")
        var uidFormat: String = "decimal"

        @Option(help: "UIDs: msb-first or lsb-first.")
        var byteOrder: String = "msb-first"

        @OptionGroup var layout: KeyboardLayoutFlags

        @Flag(help: "The device's Caps Lock LED is on (letters are typed with Shift inverted).")
        var capsLock = false

        @Option(help: "Device name reported by EVIOCGNAME.")
        var name: String = "TraceGate Simulated Keyboard Wedge"

        @Option(help: "Milliseconds between reads.")
        var gapMs: Int = 50

        @Option(help: "Directory for kbd.umockdev, kbd.ioctl and kbd.events (created if missing).")
        var outDir: String

        func run() throws {
            let options: DecoderOptions
            let keyboard: KeyboardSettings
            do {
                options = try DecoderOptions(settings: [
                    "format": format, "uidFormat": uidFormat, "byteOrder": byteOrder,
                ])
                keyboard = try layout.settings()
            } catch {
                throw ValidationError("--\(error.option ?? "keys"): \(error.message)")
            }
            var reads = text
            for hex in em4100 {
                do {
                    reads.append(
                        KeyboardWedgeRecording.typedText(em4100: try EM4100Number(hex: hex), format: options.cardFormat)
                    )
                } catch {
                    throw ValidationError("--em4100: \(error.message)")
                }
            }
            for hex in uid {
                guard let bytes = HexText.bytes(compact: hex), [4, 7, 10].contains(bytes.count) else {
                    throw ValidationError("--uid: '\(hex)' must be a 4, 7 or 10-byte UID in hex, e.g. 8B0D4F49.")
                }
                reads.append(
                    KeyboardWedgeRecording.typedText(
                        uid: bytes, format: options.uidFormat, byteOrder: options.byteOrder))
            }
            guard !reads.isEmpty else { throw ValidationError("Give at least one --text, --em4100 or --uid.") }
            let recording = KeyboardWedgeRecording(
                reads: reads, name: name, keymap: keyboard.keymap, terminatorKey: keyboard.terminatorKeys.min()!,
                capsLock: capsLock, gapMilliseconds: gapMs)
            let events: String
            do {
                events = try recording.events()
            } catch {
                throw ValidationError("\(error)")
            }
            try FileManager.default.createDirectory(atPath: outDir, withIntermediateDirectories: true)
            let directory = URL(fileURLWithPath: outDir)
            try recording.deviceDescription.write(
                to: directory.appendingPathComponent("kbd.umockdev"), atomically: true, encoding: .utf8)
            try recording.ioctls.write(
                to: directory.appendingPathComponent("kbd.ioctl"), atomically: true, encoding: .utf8)
            try events.write(to: directory.appendingPathComponent("kbd.events"), atomically: true, encoding: .utf8)
            print("typed \(reads.joined(separator: " | "))")
            print("path \(recording.byIDPath)")
            print(
                "replay umockdev-run -d \(directory.path)/kbd.umockdev -i \(KeyboardWedgeRecording.eventNode)="
                    + "\(directory.path)/kbd.ioctl -e \(KeyboardWedgeRecording.eventNode)=\(directory.path)/kbd.events "
                    + "-- tracegate devices input --path \(recording.byIDPath)")
        }
    }
}
