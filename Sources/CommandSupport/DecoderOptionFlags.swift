import ArgumentParser
import DeviceProtocols
import TraceModel

/// Decoder options shared by `decode` and the simulators.
public struct DecoderOptionFlags: ParsableArguments {
    /// The defaults.
    public init() {}

    @Option(help: "Identical frames that make a weight stable, for frames without a stability flag.")
    public var stableFrames: Int = 3

    @Option(help: "Unit for indicators that send none: kg, g, lb, oz, jin.")
    public var unit: String = "kg"

    @Flag(help: "xk3190-reversed: the digits are in normal order (=0003.000).")
    public var notReversed = false

    @Option(help: "generic-line: regular expression with named groups value, unit, stable.")
    public var pattern: String?

    @Option(help: "barcode-line: cr, lf, crlf or suffix:TEXT.")
    public var terminator: String = "cr"

    @Option(help: "em4100-keyboard: how the reader types cards: decimal10, w26, w34, hex10.")
    public var format: String = "decimal10"

    @Option(help: "iso14443-keyboard: hex or decimal UIDs.")
    public var uidFormat: String = "decimal"

    @Option(help: "iso14443-keyboard: msb-first or lsb-first (the reader's byte order).")
    public var byteOrder: String = "msb-first"

    @Option(help: "iso14443-keyboard: UID size in bytes for decimal UIDs: 4, 7 or 10 (default: shortest that fits).")
    public var uidLength: Int?

    /// The decoder options these flags stand for.
    public func options() throws -> DecoderOptions {
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
