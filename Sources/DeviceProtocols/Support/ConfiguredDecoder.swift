/// A decoder that keeps the `DecoderOptions` it was built with and is polled with their `pollCommand`, or
/// with its protocol's default when they give none.
protocol ConfiguredDecoder: FrameDecoder {
    /// The options the decoder was built with (checked by `ProtocolCatalog.makeDecoder`).
    var options: DecoderOptions { get }
    /// The request written when the options give none; nil for devices that send by themselves.
    static var defaultPollCommand: [UInt8]? { get }
}

/// The poll command from the options.
extension ConfiguredDecoder {
    /// Devices send by themselves unless the options give a command.
    static var defaultPollCommand: [UInt8]? { nil }

    /// The configured request, or the protocol's default.
    public var pollCommand: [UInt8]? { options.pollCommand ?? Self.defaultPollCommand }
}
