import TraceModel

/// Every protocol the gateway speaks, by the name used on the command line and in configuration.
///
/// Each protocol's descriptor lives beside its decoder; this is only the list. Adding a protocol adds one
/// line here (docs/protocols.md, "Adding a protocol").
public enum ProtocolCatalog {
    /// All protocols, scales first, then scanners and RFID readers, in the order `tracegate decode --list` shows them.
    public static let all: [ProtocolDescriptor] = [
        XK3190ContinuousDecoder.descriptor,
        XK3190ReversedDecoder.descriptor,
        XK3190A12Decoder.descriptor,
        AndIndicatorDecoder.descriptor,
        MTSICSDecoder.descriptor,
        Toledo8217Decoder.descriptor,
        DahuaACSDecoder.descriptor,
        AclasOS2Decoder.descriptor,
        GenericLineDecoder.descriptor,
        BarcodeLineDecoder.descriptor,
        FDXBAsciiDecoder.descriptor,
        FDXBBinaryDecoder.descriptor,
        EM4100SerialDecoder.descriptor,
        ISO14443SerialDecoder.descriptor,
        R2000Decoder.descriptor,
        ChafonDecoder.descriptor,
        HIDScaleReportDecoder.descriptor,
        HIDScannerReportDecoder.descriptor,
        EM4100KeyboardDecoder.descriptor,
        ISO14443KeyboardDecoder.descriptor,
    ]

    /// The descriptor of `name`, or nil when no protocol has that name.
    public static func descriptor(named name: String) -> ProtocolDescriptor? { all.first { $0.name == name } }

    /// Protocols read from a USB HID interface (`transport: usb-hid`).
    public static var usbHIDProtocols: [String] { all.filter { $0.link == .usbHID }.map(\.name) }

    /// Protocols the simulators can play as a scale (those with a scale encoder).
    public static var simulatedScaleProtocols: [String] { all.filter(\.hasScaleEncoder).map(\.name) }

    /// Protocols the simulators can play as an RFID reader (those with a tag encoder).
    public static var simulatedReaderProtocols: [String] { all.filter { $0.tagEncoder != nil }.map(\.name) }

    /// A fresh decoder for `name`.
    ///
    /// - Throws: `ProtocolConfigurationError` for an unknown name (the message lists the valid names) or an
    ///   option the protocol cannot use (the error names the option).
    public static func makeDecoder(named name: String, options: DecoderOptions = DecoderOptions())
        throws(ProtocolConfigurationError) -> any FrameDecoder
    {
        try validateCommon(options)
        guard let descriptor = descriptor(named: name) else { throw unknownProtocol(name) }
        return try descriptor.makeDecoder(options: options)
    }

    /// A frame encoder (continuous scales) or responder (polled scales) that produces what a device of
    /// protocol `name` sends for a reading; used by the simulators and tests.
    ///
    /// - Parameter decimals: decimal places the simulated indicator displays in `options.unit`.
    /// - Throws: for an unknown name, for a protocol without a scale encoder (`generic-line`, scanners,
    ///   RFID readers; use `BarcodeLineEncoder` for scanners), or for bad options.
    public static func makeScaleEncoder(
        named name: String, options: DecoderOptions = DecoderOptions(), decimals: Int = 3
    ) throws(ProtocolConfigurationError) -> ScaleWireEncoder {
        try validateCommon(options)
        guard (0...4).contains(decimals) else {
            throw ProtocolConfigurationError(option: "decimals", message: "decimals must be 0–4, got \(decimals)")
        }
        guard let descriptor = descriptor(named: name) else { throw unknownProtocol(name) }
        guard let encoder = descriptor.makeScaleEncoder(options: options, decimals: decimals) else {
            throw ProtocolConfigurationError(
                option: nil,
                message: "protocol '\(name)' has no scale encoder; simulate one of "
                    + simulatedScaleProtocols.joined(separator: ", "))
        }
        return encoder
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
