import TraceModel

/// Decoder for `toledo-8217`: the Mettler Toledo 8217 protocol as used by Odoo's IoT box.
///
/// Source: devices.md §1d (odoo/odoo addons/iot_drivers serial_scale_driver.py, addons/hw_scale).
/// Line 9600 7E1; the host sends `W`; the scale answers `02 <weight> [N] 0D` (`\x02\s*([0-9.]+)N?\r`,
/// e.g. `02 30 31 2E 32 33 34 0D` = 1.234) or, when it has no valid weight, `02 3F <status> 0D`.
///
/// Decisions and quirks:
/// - Bytes are masked to 7 bits: a port opened as 8N1 on this 7E1 line delivers the parity bit.
/// - A weight reply is only sent when the scale is settled, so it is reported stable; `N` → net = true,
///   no `N` → net = false. The reply has no unit: the configured unit applies (default kg).
/// - Status replies carry no weight. Over capacity (bit 1) → reading with `overload`, 0 g; under zero
///   (bit 2) → `underload`, 0 g; in motion (bit 0) → 0 g, `stable` false, so the station never keeps a
///   stale stable weight while the load moves. Other statuses (outside zero-capture range, bit 3) →
///   frame error. ⚠ Bit 6 is set in every example ('D' = 0x44); it is treated as a constant bit,
///   not as "bad command" (only newer Odoo names it so).
/// - The `E` echo of Odoo's `Ehello` probe is ignored.
public struct Toledo8217Decoder: ScanningDecoder, ConfiguredDecoder {
    /// STX … CR, at most `maxFrameLength` bytes.
    struct Framing: StartByteFraming {
        /// Junk is reported once the longest reply's worth has collected.
        var maxJunk: Int { Toledo8217Decoder.maxFrameLength }
        /// STX.
        func opensFrame(_ byte: UInt8) -> Bool { byte == 0x02 }
        /// Whole at CR; broken when no CR comes within the longest reply.
        func state(of frame: [UInt8]) -> StartByteFrameState {
            if frame.last == 0x0D { return .complete }
            let limit = Toledo8217Decoder.maxFrameLength
            return frame.count >= limit ? .broken("reply longer than \(limit) bytes") : .partial
        }
        /// A half reply before the next STX.
        func cutOffReason(_ frame: [UInt8], next: UInt8) -> String { "incomplete reply cut off by the next STX" }
        /// Bytes before any STX.
        func junkReason(count: Int) -> String { "\(count) bytes outside a reply (no STX)" }
    }

    /// Longest reply kept (STX + weight + N + CR is 10–12 bytes).
    static let maxFrameLength = 24
    /// Polled with `W` unless `pollCommand` gives another.
    static var defaultPollCommand: [UInt8]? { Array("W".utf8) }
    /// A 7E1 line read as 8N1 keeps the parity bit; the protocol is pure ASCII.
    static var clearsParityBit: Bool { true }
    /// Reply cutting (bytes masked to 7 bits).
    var scanner = StartByteFrameScanner(framing: Framing())
    /// `unit` (of the weight replies) and `pollCommand` apply.
    let options: DecoderOptions

    /// Creates a decoder.
    public init(options: DecoderOptions = DecoderOptions()) { self.options = options }

    /// Decodes `STX … CR`; the `E` echo gives no event.
    func decode(_ frame: [UInt8]) -> [DeviceEvent] {
        let body = frame[1..<(frame.count - 1)]
        if body.first == 0x3F { return [status(body.dropFirst(), frame: frame)] }
        if Array(body) == [0x45] { return [] }
        var text = body[...]
        var net = false
        if text.last == 0x4E {
            net = true
            text = text.dropLast()
        }
        guard !text.isEmpty, text.allSatisfy({ (0x30...0x39).contains($0) || $0 == 0x2E || $0 == 0x20 || $0 == 0x2D }),
            let grams = options.unit.grams(decimalText: ByteText.ascii(text))
        else {
            return [.frameError("not an 8217 weight or status reply: \"\(ByteText.printable(frame))\"", bytes: frame)]
        }
        return [.weight(WeightReading(grams: grams, stable: true, net: net))]
    }

    /// Decodes the status byte of `STX ? <status> CR`.
    private func status(_ statusBytes: ArraySlice<UInt8>, frame: [UInt8]) -> DeviceEvent {
        guard statusBytes.count == 1, let status = statusBytes.first else {
            return .frameError(FrameError(reason: "status reply must carry exactly one status byte", bytes: frame))
        }
        let net: Bool? = status & 0x20 != 0 ? true : nil
        if status & 0x02 != 0 { return .weight(WeightReading(grams: 0, stable: false, net: net, overload: true)) }
        if status & 0x04 != 0 { return .weight(WeightReading(grams: 0, stable: false, net: net, underload: true)) }
        if status & 0x01 != 0 { return .weight(WeightReading(grams: 0, stable: false, net: net)) }
        if status & 0x08 != 0 {
            return .frameError(
                FrameError(
                    reason: "scale is outside its zero-capture range (status 0x\(ByteText.hex(status))); "
                        + "empty the platter and zero the scale", bytes: frame))
        }
        return .frameError(
            FrameError(reason: "status reply 0x\(ByteText.hex(status)) without weight or fault bits", bytes: frame))
    }
}

/// The catalogue entry.
extension Toledo8217Decoder {
    /// `toledo-8217` in the catalogue.
    public static let descriptor = ProtocolDescriptor(
        name: "toledo-8217",
        summary: "Toledo 8217 (7E1), polled with W: STX weight [N] CR, or STX ? status CR",
        kind: .scale, defaultLine: SerialLineSettings(dataBits: 7, parity: .even),
        polled: true, optionNames: ["unit", "pollCommand"],
        makeDecoder: { Toledo8217Decoder(options: $0) },
        makeScaleEncoder: { .polled(Toledo8217Responder(unit: $0.unit, decimals: $1)) })
}
