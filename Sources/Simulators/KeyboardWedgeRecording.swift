import DeviceProtocols

/// A simulated keyboard wedge (barcode scanner or card reader) as the files umockdev replays: the evemu
/// events of typing each read, the device description (with `/dev/input/by-id` and `by-path` links) and
/// the ioctl answers (EVIOCGNAME, EVIOCGLED, EVIOCGVERSION).
///
/// Replay: `umockdev-run -d kbd.umockdev -i /dev/input/event7=kbd.ioctl -e /dev/input/event7=kbd.events
/// -- tracegate devices input --path /dev/input/by-id/…-event-kbd`. Facts measured with umockdev 0.17
/// (testing.md): without the ioctl file EVIOCGNAME fails; the ioctl file needs its `@DEV` line; EVIOCGRAB
/// is accepted with no record; the microseconds field of an evemu time stamp is read like a C integer
/// literal — with a leading zero as octal (`0.000010` is 8 µs), without one as decimal — so it is written
/// without zero padding (`0.5000` is 5000 µs), which evemu itself reads the same way.
public struct KeyboardWedgeRecording: Sendable {
    /// The event node inside the sandbox.
    public static let eventNode = "/dev/input/event7"
    /// The name the device reports.
    public var name: String
    /// The by-id link name, without `/dev/input/by-id/`.
    public var byIDName: String
    /// The reads to type, in order.
    public var reads: [String]
    /// The layout to type them in.
    public var keymap: Keymap
    /// The key ending each read.
    public var terminatorKey: UInt16
    /// Caps Lock LED at open.
    public var capsLock: Bool
    /// Milliseconds between reads (the first starts at `firstReadMilliseconds`).
    public var gapMilliseconds: Int
    /// When the first read starts, giving the program time to open and grab the device.
    public var firstReadMilliseconds: Int

    /// Creates a recording of `reads`.
    public init(
        reads: [String], name: String = "TraceGate Simulated Keyboard Wedge",
        byIDName: String = "usb-TraceGate_Simulated_Wedge-event-kbd", keymap: Keymap = .us,
        terminatorKey: UInt16 = Keymap.enterKey, capsLock: Bool = false, gapMilliseconds: Int = 50,
        firstReadMilliseconds: Int = 300
    ) {
        self.reads = reads
        self.name = name
        self.byIDName = byIDName
        self.keymap = keymap
        self.terminatorKey = terminatorKey
        self.capsLock = capsLock
        self.gapMilliseconds = gapMilliseconds
        self.firstReadMilliseconds = firstReadMilliseconds
    }

    /// The by-id path a program opens inside the sandbox.
    public var byIDPath: String { "/dev/input/by-id/\(byIDName)" }

    /// The evemu events file.
    ///
    /// - Throws: `KeystrokeEncoder.UntypableCharacter` for a character the keymap cannot type.
    public func events() throws(KeystrokeEncoder.UntypableCharacter) -> String {
        let encoder = KeystrokeEncoder(keymap: keymap, terminatorKey: terminatorKey, capsLock: capsLock)
        var lines = ["# EVEMU 1.3", "# tracegate-tools simulate keyboard: \(reads.count) read(s)"]
        var milliseconds = firstReadMilliseconds
        for read in reads {
            for event in try encoder.events(typing: read) {
                lines.append(Self.line(event, milliseconds: milliseconds))
                if event == .report { milliseconds += 1 }
            }
            milliseconds += gapMilliseconds
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One evemu line; microseconds unpadded, so umockdev does not read them as octal.
    static func line(_ event: InputEvent, milliseconds: Int) -> String {
        let microseconds = milliseconds % 1000 * 1000
        func hex4(_ value: UInt16) -> String {
            let text = String(value, radix: 16)
            return String(repeating: "0", count: 4 - text.count) + text
        }
        return "E: \(milliseconds / 1000).\(microseconds) \(hex4(event.type)) \(hex4(event.code)) \(event.value)"
    }

    /// The umockdev device description.
    public var deviceDescription: String {
        let input = "/devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.0/0003:0C2E:0B61.0001/input/input7"
        return """
            P: \(input)/event7
            N: input/event7
            S: input/by-id/\(byIDName)
            S: input/by-path/pci-0000:00:14.0-usb-0:2:1.0-event-kbd
            E: DEVNAME=\(Self.eventNode)
            E: SUBSYSTEM=input
            E: ID_INPUT=1
            E: ID_INPUT_KEY=1
            E: ID_INPUT_KEYBOARD=1
            E: ID_BUS=usb
            E: MAJOR=13
            E: MINOR=71
            A: dev=13:71

            P: \(input)
            E: SUBSYSTEM=input
            E: NAME="\(name)"
            A: name=\(name)

            """
    }

    /// The umockdev ioctl answers: version, name (EVIOCGNAME) and LEDs (EVIOCGLED).
    public var ioctls: String {
        var nameBytes = Array(name.utf8.prefix(255)) + [0]
        let length = nameBytes.count
        nameBytes += [UInt8](repeating: 0, count: 256 - nameBytes.count)
        let leds: [UInt8] = [capsLock ? 0x02 : 0x00] + [UInt8](repeating: 0, count: 7)
        func hex(_ bytes: [UInt8]) -> String {
            let digits = Array("0123456789ABCDEF")
            return String(bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0x0F)]] })
        }
        return """
            @DEV \(Self.eventNode)
            EVIOCGVERSION 0 01000100
            EVIOCGNAME(0) \(length) \(hex(nameBytes))
            EVIOCGLED(0) 8 \(hex(leds))

            """
    }

    /// What an EM4100 keyboard reader set to `format` types for `number`.
    public static func typedText(em4100 number: EM4100Number, format: KeyboardCardFormat) -> String {
        guard let decimal = format.decimalFormat else { return number.hex }
        return number.typed(as: decimal)
    }

    /// What a MIFARE keyboard reader types for `uid` (transmission order).
    public static func typedText(uid: [UInt8], format: UIDTextFormat, byteOrder: UIDByteOrder) -> String {
        switch format {
        case .decimal: return byteOrder.decimal(of: uid)
        case .hex:
            let ordered = byteOrder == .msbFirst ? uid : uid.reversed()
            return SimulatedTag.hex(ordered)
        }
    }
}
