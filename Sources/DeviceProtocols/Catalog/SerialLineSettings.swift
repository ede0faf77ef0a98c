/// The serial line settings a device of one protocol ships with, used when the configuration gives none.
public struct SerialLineSettings: Sendable, Hashable {
    /// Parity as serial configuration files spell it.
    public enum Parity: String, Sendable, Hashable, CaseIterable {
        /// No parity bit.
        case none
        /// Even parity.
        case even
        /// Odd parity.
        case odd
    }

    /// Bits per second.
    public var baud: Int
    /// Data bits per character (7 or 8).
    public var dataBits: Int
    /// Parity.
    public var parity: Parity
    /// Stop bits (1 or 2).
    public var stopBits: Int

    /// Creates line settings; the defaults make 9600 8N1, what most scales, readers and scanners ship with.
    public init(baud: Int = 9600, dataBits: Int = 8, parity: Parity = .none, stopBits: Int = 1) {
        self.baud = baud
        self.dataBits = dataBits
        self.parity = parity
        self.stopBits = stopBits
    }

    /// The usual short form, e.g. "9600 7E1".
    public var summary: String {
        let p: String =
            switch parity {
            case .none: "N"
            case .even: "E"
            case .odd: "O"
            }
        return "\(baud) \(dataBits)\(p)\(stopBits)"
    }
}
