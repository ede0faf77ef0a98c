// TEMPORARY: stands in for the protocols branch until it is merged. Delete on merge.
import TraceModel
public struct DecoderOptions: Sendable, Hashable {
    public var stableFrames = 3
    public var unit: WeightUnit = .kg
    public var reversed = true
    public var pattern: String?
    public var terminator = "cr"
    public var pollCommand: [UInt8]?
    public init() {}
}
public struct ProtocolDescriptor: Sendable {
    public enum Kind: Sendable { case scale, scanner }
    public var name: String
    public var summary: String
    public var kind: Kind
    public var defaultLine: (baud: Int, dataBits: Int, parity: String, stopBits: Int)
    public var polled: Bool
}
public enum ProtocolCatalog {
    public static var all: [ProtocolDescriptor] { [] }
    public static func descriptor(named: String) -> ProtocolDescriptor? { nil }
    public static func makeDecoder(named: String, options: DecoderOptions) throws -> any FrameDecoder { fatalError() }
}
public enum DecodeOutput { public static func jsonLine(_ event: DeviceEvent) -> String { "" } }
