import TraceModel

/// What a `DeviceSupervisor` reports to its sink, in order.
public enum DeviceUpdate: Sendable, Hashable {
    /// A decoded event (weight, scan, or frame error).
    case event(DeviceEvent)
    /// Raw bytes as read, before decoding (for `tracegate devices read` and diagnostics).
    case bytes([UInt8])
    /// The state changed (reported once per change, not once per retry).
    case state(DeviceState)
}

extension DeviceUpdate {
    /// An update as the JSON lines of `tracegate devices read*` and the local API's device feed show it: the line's
    /// type and the fields that type carries (nil where it carries none).
    public struct Fields: Sendable, Hashable {
        /// "state", "bytes", "weight", "barcode", "tag" or "frameError".
        public var type: String
        /// State name, for state lines.
        public var state: String?
        /// Why a device waits or failed, or why a frame was discarded.
        public var reason: String?
        /// Barcode data, or the tag id for tag lines.
        public var data: String?
        /// Weight in grams.
        public var grams: Int64?
        /// Whether the weight is stable.
        public var stable: Bool?
    }

    /// The update's type and fields (raw bytes carry none here: each writer shows them its own way).
    public var fields: Fields {
        var fields = Fields(type: "state")
        switch self {
        case .bytes: fields.type = "bytes"
        case .state(let state):
            fields.state = state.name
            fields.reason = state.reason
        case .event(.weight(let reading)):
            fields.type = "weight"
            fields.grams = reading.grams
            fields.stable = reading.stable
        case .event(.barcode(let scan)):
            fields.type = "barcode"
            fields.data = scan.data
        case .event(.tag(let tag)):
            fields.type = "tag"
            fields.data = tag.id
        case .event(.frameError(let error)):
            fields.type = "frameError"
            fields.reason = error.reason
        }
        return fields
    }
}
