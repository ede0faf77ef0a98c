import TraceModel

/// Settings that tune a decoder, as given on the command line (`tracegate decode --option`) or in the
/// station configuration. Each protocol reads only the options it documents; the others are ignored.
public struct DecoderOptions: Sendable, Hashable {
    /// Frames without a status byte count as stable after this many identical frames in a row (≥ 1).
    public var stableFrames: Int
    /// Unit assumed when the indicator sends none (XK3190 tF0/"=", Toledo 8217, generic lines without a unit).
    public var unit: WeightUnit
    /// `xk3190-reversed`: true for the "=" format sent lowest digit first (`=000.3000`), false for `=0003.000`.
    public var reversed: Bool
    /// `generic-line`: a regular expression with a named group `value` and optional groups `unit` and `stable`.
    public var pattern: String?
    /// `barcode-line`: `cr`, `lf`, `crlf` or `suffix:<text>` (escapes `\r`, `\n`, `\t`, `\\`, `\xHH` allowed).
    public var terminator: String
    /// Bytes written to a polled device; nil keeps the protocol's default (`SI\r\n` for MT-SICS, `W` for Toledo).
    public var pollCommand: [UInt8]?
    /// `em4100-keyboard`: how the reader types the card (decimal10, w26, w34, hex10). Default decimal10.
    public var cardFormat: KeyboardCardFormat
    /// `iso14443-keyboard`: hex or decimal UIDs. Default decimal.
    public var uidFormat: UIDTextFormat
    /// `iso14443-keyboard`: the reader's byte order. Default msb-first.
    public var byteOrder: UIDByteOrder
    /// `iso14443-keyboard`: UID size in bytes for decimal UIDs (4, 7, 10); nil: the shortest that fits.
    public var uidLength: Int?

    /// Creates options; every parameter has the documented default.
    public init(
        stableFrames: Int = 3, unit: WeightUnit = .kg, reversed: Bool = true, pattern: String? = nil,
        terminator: String = "cr", pollCommand: [UInt8]? = nil, cardFormat: KeyboardCardFormat = .decimal10,
        uidFormat: UIDTextFormat = .decimal, byteOrder: UIDByteOrder = .msbFirst, uidLength: Int? = nil
    ) {
        self.stableFrames = stableFrames
        self.unit = unit
        self.reversed = reversed
        self.pattern = pattern
        self.terminator = terminator
        self.pollCommand = pollCommand
        self.cardFormat = cardFormat
        self.uidFormat = uidFormat
        self.byteOrder = byteOrder
        self.uidLength = uidLength
    }
}
