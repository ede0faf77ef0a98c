import TraceModel

/// Who is sending: the node (流通节点) and what each of its stations does. Every encoder takes one.
public struct UplinkNode: Sendable, Hashable {
    /// Node kinds: the same type as the gateway configuration's `node.type`.
    public typealias Kind = NodeKind

    /// 9-digit node code (domain.md §1.2).
    public var code: String
    /// Display name (city platforms want it beside the code).
    public var name: String
    /// Node kind; decides the station kind of stations not listed in `stationKinds`.
    public var kind: Kind
    /// Station id → what the station does, for stations that differ from the node's default.
    public var stationKinds: [String: StationKind]

    /// Creates a node context.
    public init(code: String, name: String, kind: Kind, stationKinds: [String: StationKind] = [:]) {
        self.code = code
        self.name = name
        self.kind = kind
        self.stationKinds = stationKinds
    }

    /// What the station with this id does: its configured kind, else the node kind's default.
    public func stationKind(of station: String) -> StationKind {
        stationKinds[station] ?? StationKind.default(for: kind)
    }
}
