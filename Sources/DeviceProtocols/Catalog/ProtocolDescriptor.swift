/// What the catalogue knows about one protocol: its name, what it is for, how the line is set up, and how
/// to build its decoder (and, where it has one, the encoder the simulators and tests use).
///
/// Each protocol declares its descriptor beside its decoder (`static let descriptor` in the decoder's
/// file); `ProtocolCatalog.all` only lists them. Everything that needs "every protocol" (the CLI, the
/// drip-feed, fixture, round-trip and simulation tests, the fuzzer, the bench) reads the descriptors, so a
/// new protocol is covered without edits elsewhere (docs/protocols.md, "Adding a protocol").
public struct ProtocolDescriptor: Sendable {
    /// The kind of device that speaks a protocol.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// A scale or weighing indicator; its decoder produces `.weight` events.
        case scale
        /// A barcode scanner; its decoder produces `.barcode` events.
        case scanner
        /// An RFID tag or card reader; its decoder produces `.tag` events.
        case rfid
    }

    /// How the gateway reaches a device of the protocol.
    public enum Link: String, Sendable, Hashable {
        /// A serial line: RS-232/485, USB-serial adapter, USB CDC, serial device server or pseudo-terminal.
        case serial
        /// A USB HID interface read through libusb (`transport: usb-hid`); the line settings are unused.
        case usbHID = "usb-hid"
    }

    /// Builds a decoder from options; throws for options the protocol cannot use.
    public typealias DecoderFactory =
        @Sendable (DecoderOptions) throws(ProtocolConfigurationError) -> any FrameDecoder
    /// Builds the simulator's scale encoder from options and the displayed decimal places (0–4).
    public typealias ScaleEncoderFactory = @Sendable (DecoderOptions, Int) -> ScaleWireEncoder
    /// Well-formed frames a device of the protocol sends, decodable with the options given.
    public typealias SampleFrames = @Sendable (DecoderOptions) -> [[UInt8]]

    /// The name used on the command line and in configuration, e.g. `xk3190-tf0`.
    public var name: String
    /// One line for `tracegate decode --list`.
    public var summary: String
    /// Scale, scanner or RFID reader.
    public var kind: Kind
    /// Line settings the device ships with (see devices.md for each).
    public var defaultLine: SerialLineSettings
    /// Whether the gateway must write `pollCommand` to get readings.
    public var polled: Bool
    /// The request written to a polled device when the configuration gives none (nil when not polled).
    public var pollCommand: [UInt8]?
    /// Serial line or USB HID.
    public var link: Link
    /// Whether the protocol is the text a keyboard wedge types, so an evdev device may speak it.
    public var keyboardTypeable: Bool
    /// The command that zeroes the device, written by `tracegate zero` (nil: zero it on the device itself).
    public var zeroCommand: [UInt8]?
    /// The `DecoderOptions` setting names the decoder reads (`stableFrames`, `unit`, …; see `settingNames`).
    public var optionNames: [String]
    /// Options with which the decoder can be built and decodes `sampleFrames` and its encoders' output
    /// (the defaults, except where a protocol needs one, e.g. `generic-line`'s `pattern`).
    public var exampleOptions: DecoderOptions
    /// How the decoder is built.
    private let decoderFactory: DecoderFactory
    /// How the simulator's scale encoder is built; nil when the protocol has none.
    private let scaleEncoderFactory: ScaleEncoderFactory?
    /// How a simulated reader puts tags on the wire; nil for protocols that are not simulated RFID readers.
    public let tagEncoder: TagWireEncoder?
    /// Sample frames for protocols whose traffic no scale or tag encoder makes (scanners, USB, keyboard text).
    private let sampleFramesFactory: SampleFrames?

    /// Creates a descriptor.
    ///
    /// - Parameters:
    ///   - defaultLine: the line the device ships with; 9600 8N1 unless given.
    ///   - polled: whether the gateway writes a poll command; false (the device sends by itself) unless given.
    ///   - optionNames: the options `makeDecoder` reads, in the order the docs list them; none unless given.
    ///   - exampleOptions: options that build the decoder for tests, the bench and the fuzzer.
    ///   - makeDecoder: the decoder factory.
    ///   - makeScaleEncoder: the simulator's encoder (continuous frames or polled replies) for scales.
    ///   - tagEncoder: the simulator's tag encoder for RFID readers.
    ///   - sampleFrames: frames for tests and the bench when neither encoder applies.
    public init(
        name: String, summary: String, kind: Kind, defaultLine: SerialLineSettings = SerialLineSettings(),
        polled: Bool = false, pollCommand: [UInt8]? = nil, link: Link = .serial, keyboardTypeable: Bool = false,
        zeroCommand: [UInt8]? = nil, optionNames: [String] = [], exampleOptions: DecoderOptions = DecoderOptions(),
        makeDecoder: @escaping DecoderFactory, makeScaleEncoder: ScaleEncoderFactory? = nil,
        tagEncoder: TagWireEncoder? = nil, sampleFrames: SampleFrames? = nil
    ) {
        self.name = name
        self.summary = summary
        self.kind = kind
        self.defaultLine = defaultLine
        self.polled = polled
        self.pollCommand = pollCommand
        self.link = link
        self.keyboardTypeable = keyboardTypeable
        self.zeroCommand = zeroCommand
        self.optionNames = optionNames
        self.exampleOptions = exampleOptions
        self.decoderFactory = makeDecoder
        self.scaleEncoderFactory = makeScaleEncoder
        self.tagEncoder = tagEncoder
        self.sampleFramesFactory = sampleFrames
    }

    /// A fresh decoder (options already checked by `ProtocolCatalog.makeDecoder`, which callers should use).
    public func makeDecoder(options: DecoderOptions) throws(ProtocolConfigurationError) -> any FrameDecoder {
        try decoderFactory(options)
    }

    /// Whether the simulators can play a scale of this protocol.
    public var hasScaleEncoder: Bool { scaleEncoderFactory != nil }

    /// The simulator's scale encoder, or nil when the protocol has none (`ProtocolCatalog.makeScaleEncoder`
    /// checks the options and explains a missing encoder).
    public func makeScaleEncoder(options: DecoderOptions, decimals: Int) -> ScaleWireEncoder? {
        scaleEncoderFactory?(options, decimals)
    }

    /// Sample frames when the protocol declares them (scanners, USB reports, keyboard text), else nil.
    public func sampleFrames(options: DecoderOptions) -> [[UInt8]]? { sampleFramesFactory?(options) }

    /// Whether the descriptor declares sample frames.
    public var hasSampleFrames: Bool { sampleFramesFactory != nil }
}

/// Descriptors compare by their data; the factories are not compared (names are unique in the catalogue).
extension ProtocolDescriptor: Hashable {
    /// Equal when every data field is.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.name == rhs.name && lhs.summary == rhs.summary && lhs.kind == rhs.kind
            && lhs.defaultLine == rhs.defaultLine && lhs.polled == rhs.polled && lhs.pollCommand == rhs.pollCommand
            && lhs.link == rhs.link && lhs.keyboardTypeable == rhs.keyboardTypeable
            && lhs.zeroCommand == rhs.zeroCommand && lhs.optionNames == rhs.optionNames
            && lhs.exampleOptions == rhs.exampleOptions && lhs.hasScaleEncoder == rhs.hasScaleEncoder
            && lhs.tagEncoder?.payloadKind == rhs.tagEncoder?.payloadKind && lhs.hasSampleFrames == rhs.hasSampleFrames
    }

    /// Hashes the name (unique in the catalogue).
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }
}
