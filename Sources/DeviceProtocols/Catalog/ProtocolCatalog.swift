import TraceModel

/// Every protocol the gateway speaks, by the name used on the command line and in configuration.
public enum ProtocolCatalog {
    /// All protocols, scales first, then scanners and RFID readers, in the order `tracegate decode --list` shows them.
    public static let all: [ProtocolDescriptor] = [
        ProtocolDescriptor(
            name: "xk3190-tf0",
            summary: "Yaohua XK3190 continuous 12-byte frame (tF=0): STX ±6 digits, decimals, XOR, ETX",
            kind: .scale, defaultLine: SerialLineSettings(baud: 9600, dataBits: 8, parity: .none, stopBits: 1),
            polled: false),
        ProtocolDescriptor(
            name: "xk3190-reversed",
            summary: "Yaohua XK3190 \"=\" 9-byte format, value lowest digit first (option reversed=false: high first)",
            kind: .scale, defaultLine: SerialLineSettings(baud: 9600, dataBits: 8, parity: .none, stopBits: 1),
            polled: false),
        ProtocolDescriptor(
            name: "xk3190-a12",
            summary: "Yaohua XK3190-A12/A12E 15-byte frame \"WG004.139kg3D\\r\\n\" with OL/LO frames",
            kind: .scale, defaultLine: SerialLineSettings(baud: 9600, dataBits: 8, parity: .none, stopBits: 1),
            polled: false),
        ProtocolDescriptor(
            name: "and",
            summary: "A&D indicators and balances: \"ST,GS,+0001.234 kg\\r\\n\" (ST/US/OL, GS/NT)",
            kind: .scale, defaultLine: SerialLineSettings(baud: 2400, dataBits: 7, parity: .even, stopBits: 1),
            polled: false),
        ProtocolDescriptor(
            name: "mt-sics",
            summary: "Mettler-Toledo MT-SICS, polled with SI: \"S S      100.00 g\\r\\n\"",
            kind: .scale, defaultLine: SerialLineSettings(baud: 9600, dataBits: 8, parity: .none, stopBits: 1),
            polled: true),
        ProtocolDescriptor(
            name: "toledo-8217",
            summary: "Toledo 8217 (7E1), polled with W: STX weight [N] CR, or STX ? status CR",
            kind: .scale, defaultLine: SerialLineSettings(baud: 9600, dataBits: 7, parity: .even, stopBits: 1),
            polled: true),
        ProtocolDescriptor(
            name: "generic-line",
            summary: "Any scale printing one reading per line, described by the option pattern (named group value)",
            kind: .scale, defaultLine: SerialLineSettings(baud: 9600, dataBits: 8, parity: .none, stopBits: 1),
            polled: false),
        ProtocolDescriptor(
            name: "barcode-line",
            summary: "Serial or USB CDC barcode scanner: one scan per line, optional AIM identifier (]E0, ]C1 …)",
            kind: .scanner, defaultLine: SerialLineSettings(baud: 9600, dataBits: 8, parity: .none, stopBits: 1),
            polled: false),
        ProtocolDescriptor(
            name: "fdx-b-ascii",
            summary: "134.2 kHz FDX-B animal-tag reader text lines: \"LA 982 000001088420\", TIRIS, 982_…",
            kind: .rfid, defaultLine: SerialLineSettings(baud: 9600, dataBits: 8, parity: .none, stopBits: 1),
            polled: false),
        ProtocolDescriptor(
            name: "fdx-b-binary",
            summary: "134.2 kHz FDX-B reader module 13-byte frame AA 0F 08 00 country national XOR BB",
            kind: .rfid, defaultLine: SerialLineSettings(baud: 9600, dataBits: 8, parity: .none, stopBits: 1),
            polled: false),
        ProtocolDescriptor(
            name: "em4100",
            summary: "125 kHz EM4100 serial module: STX, 10 hex digits, XOR, ETX (EM-18: without, ended by CR/LF)",
            kind: .rfid, defaultLine: SerialLineSettings(baud: 9600, dataBits: 8, parity: .none, stopBits: 1),
            polled: false),
        ProtocolDescriptor(
            name: "iso14443-serial",
            summary: "13.56 MHz MIFARE UID module: STX len type UID BCC ETX (4–10 byte UIDs)",
            kind: .rfid, defaultLine: SerialLineSettings(baud: 9600, dataBits: 8, parity: .none, stopBits: 1),
            polled: false),
        ProtocolDescriptor(
            name: "uhf-r2000",
            summary: "Impinj R2000 UHF reader, polled with real-time inventory A0 04 01 89 FF D3; EPC, antenna, RSSI",
            kind: .rfid, defaultLine: SerialLineSettings(baud: 115_200, dataBits: 8, parity: .none, stopBits: 1),
            polled: true, pollCommand: R2000Decoder.inventoryCommand),
        ProtocolDescriptor(
            name: "uhf-chafon",
            summary: "Chafon CF-RU5102/UHFReader18 UHF reader, polled with inventory 04 00 01 DB 4B (CRC-16/MCRF4XX)",
            kind: .rfid, defaultLine: SerialLineSettings(baud: 57_600, dataBits: 8, parity: .none, stopBits: 1),
            polled: true, pollCommand: ChafonDecoder.inventoryCommand),
        ProtocolDescriptor(
            name: "hid-pos-scale",
            summary: "USB HID POS scale (page 0x8D) via libusb: 6-byte report 3 \"03 04 03 FE D2 04\"; line unused",
            kind: .scale, defaultLine: SerialLineSettings(baud: 9600, dataBits: 8, parity: .none, stopBits: 1),
            polled: false),
        ProtocolDescriptor(
            name: "hid-pos-scanner",
            summary: "USB HID POS barcode scanner (page 0x8C) via libusb: 64-byte report 2, AIM id; line unused",
            kind: .scanner, defaultLine: SerialLineSettings(baud: 9600, dataBits: 8, parity: .none, stopBits: 1),
            polled: false),
        ProtocolDescriptor(
            name: "em4100-keyboard",
            summary: "125 kHz keyboard card reader, the typed text: format decimal10 (0012964329), w26, w34 or hex10",
            kind: .rfid, defaultLine: SerialLineSettings(baud: 9600, dataBits: 8, parity: .none, stopBits: 1),
            polled: false),
        ProtocolDescriptor(
            name: "iso14443-keyboard",
            summary:
                "13.56 MHz keyboard card reader, the typed UID: uidFormat hex|decimal, byteOrder msb-first|lsb-first",
            kind: .rfid, defaultLine: SerialLineSettings(baud: 9600, dataBits: 8, parity: .none, stopBits: 1),
            polled: false),
    ]

    /// The descriptor of `name`, or nil when no protocol has that name.
    public static func descriptor(named name: String) -> ProtocolDescriptor? { all.first { $0.name == name } }

    /// A fresh decoder for `name`.
    ///
    /// - Throws: `ProtocolConfigurationError` for an unknown name (the message lists the valid names) or an
    ///   option the protocol cannot use (the error names the option).
    public static func makeDecoder(named name: String, options: DecoderOptions = DecoderOptions())
        throws(ProtocolConfigurationError) -> any FrameDecoder
    {
        try validateCommon(options)
        switch name {
        case "xk3190-tf0": return XK3190ContinuousDecoder(options: options)
        case "xk3190-reversed": return XK3190ReversedDecoder(options: options)
        case "xk3190-a12": return XK3190A12Decoder(options: options)
        case "and": return AndIndicatorDecoder(options: options)
        case "mt-sics": return MTSICSDecoder(options: options)
        case "toledo-8217": return Toledo8217Decoder(options: options)
        case "generic-line": return try GenericLineDecoder(options: options)
        case "barcode-line": return try BarcodeLineDecoder(options: options)
        case "fdx-b-ascii": return FDXBAsciiDecoder(options: options)
        case "fdx-b-binary": return FDXBBinaryDecoder(options: options)
        case "em4100": return EM4100SerialDecoder(options: options)
        case "iso14443-serial": return ISO14443SerialDecoder(options: options)
        case "uhf-r2000": return R2000Decoder(options: options)
        case "uhf-chafon": return ChafonDecoder(options: options)
        case "hid-pos-scale": return HIDScaleReportDecoder(options: options)
        case "hid-pos-scanner": return HIDScannerReportDecoder(options: options)
        case "em4100-keyboard": return EM4100KeyboardDecoder(format: options.cardFormat)
        case "iso14443-keyboard":
            return ISO14443KeyboardDecoder(
                textFormat: options.uidFormat, byteOrder: options.byteOrder, uidLength: options.uidLength)
        default: throw unknownProtocol(name)
        }
    }

    /// A frame encoder (continuous scales) or responder (polled scales) that produces what a device of
    /// protocol `name` sends for a reading; used by the simulators and tests.
    ///
    /// - Parameter decimals: decimal places the simulated indicator displays in `options.unit`.
    /// - Throws: for an unknown name, for `generic-line` and `barcode-line` (no weight wire format to
    ///   encode; use `BarcodeLineEncoder` for scanners), or for bad options.
    public static func makeScaleEncoder(
        named name: String, options: DecoderOptions = DecoderOptions(), decimals: Int = 3
    ) throws(ProtocolConfigurationError) -> ScaleWireEncoder {
        try validateCommon(options)
        guard (0...4).contains(decimals) else {
            throw ProtocolConfigurationError(option: "decimals", message: "decimals must be 0–4, got \(decimals)")
        }
        switch name {
        case "xk3190-tf0":
            return .continuous(XK3190ContinuousEncoder(unit: options.unit, decimals: decimals))
        case "xk3190-reversed":
            return .continuous(
                XK3190ReversedEncoder(unit: options.unit, decimals: decimals, reversed: options.reversed))
        case "xk3190-a12": return .continuous(XK3190A12Encoder(unit: options.unit, decimals: decimals))
        case "and": return .continuous(AndIndicatorEncoder(unit: options.unit, decimals: decimals))
        case "mt-sics": return .polled(MTSICSResponder(unit: options.unit, decimals: decimals))
        case "toledo-8217": return .polled(Toledo8217Responder(unit: options.unit, decimals: decimals))
        case "generic-line", "barcode-line", "fdx-b-ascii", "fdx-b-binary", "em4100", "iso14443-serial", "uhf-r2000",
            "uhf-chafon", "hid-pos-scale", "hid-pos-scanner", "em4100-keyboard", "iso14443-keyboard":
            throw ProtocolConfigurationError(
                option: nil,
                message: "protocol '\(name)' has no scale encoder; simulate one of "
                    + "xk3190-tf0, xk3190-reversed, xk3190-a12, and, mt-sics, toledo-8217")
        default: throw unknownProtocol(name)
        }
    }

    /// Checks the options every protocol shares.
    private static func validateCommon(_ options: DecoderOptions) throws(ProtocolConfigurationError) {
        guard options.stableFrames >= 1 else {
            throw ProtocolConfigurationError(
                option: "stableFrames",
                message: "the 'stableFrames' option must be at least 1 (identical frames before a weight counts "
                    + "as stable), got \(options.stableFrames)")
        }
        if let command = options.pollCommand, command.isEmpty {
            throw ProtocolConfigurationError(
                option: "pollCommand", message: "the 'pollCommand' option is empty; remove it to use the default")
        }
    }

    /// The error for a name the catalogue does not know.
    private static func unknownProtocol(_ name: String) -> ProtocolConfigurationError {
        ProtocolConfigurationError(
            option: nil,
            message: "unknown protocol '\(name)'; valid names: \(all.map(\.name).joined(separator: ", "))")
    }
}
