import DeviceIO
import DeviceProtocols
import TraceModel
import TradeLogic

/// The whole gateway configuration, validated. Loaded from one YAML file (every key: `docs/config.md`, generated
/// from `ConfigurationSchema`; an example: `config/tracegate.sample.yaml`) or built as a value (the demo and the
/// benchmarks), and written back as YAML by `yaml`.
public struct GatewayConfiguration: Sendable, Hashable {
    /// The node (market, slaughterhouse …) this gateway records for.
    public var node: NodeSettings
    /// Where the ledger lives and how big it may grow.
    public var ledger: LedgerSettings
    /// The trace-code template, e.g. `{operator}{seq:7}`.
    public var traceCodeTemplate: String
    /// The local API for the stall terminal and the CLI.
    public var api: APISettings
    /// Devices by id, in file order.
    public var devices: [DeviceSettings]
    /// Products sold at the node.
    public var catalogue: [CatalogueItem]
    /// Stations (stalls, weighing points), in file order.
    public var stations: [StationSettings]
    /// Delivery to platforms (nil: no uplink, offline only).
    public var uplink: UplinkSettings?
    /// How devices arriving and leaving are noticed.
    public var hotplug = HotplugSettings()
    /// Advice found while loading that does not stop the gateway.
    public var warnings: [ConfigurationIssue] = []

    /// Creates a configuration, as `load(yaml:file:)` does from a file; the defaults are the file's.
    public init(
        node: NodeSettings, ledger: LedgerSettings = LedgerSettings(),
        traceCodeTemplate: String = GatewayConfiguration.defaultTraceCodeTemplate, api: APISettings = APISettings(),
        devices: [DeviceSettings], catalogue: [CatalogueItem], stations: [StationSettings],
        uplink: UplinkSettings? = nil, hotplug: HotplugSettings = HotplugSettings()
    ) {
        self.node = node
        self.ledger = ledger
        self.traceCodeTemplate = traceCodeTemplate
        self.api = api
        self.devices = devices
        self.catalogue = catalogue
        self.stations = stations
        self.uplink = uplink
        self.hotplug = hotplug
    }

    /// The trace-code template when the file gives none: operator code and a 7-digit sequence (20 digits).
    public static let defaultTraceCodeTemplate = "{operator}{seq:7}"

    /// The device with this id.
    public func device(_ id: String) -> DeviceSettings? { devices.first { $0.id == id } }
}

/// The node (流通节点) and its operators.
public struct NodeSettings: Sendable, Hashable {
    /// Kinds of node (domain.md §1.2, hontek's node types).
    public typealias Kind = NodeKind
    /// 9-digit node code (6-digit area code + 3-digit filing number).
    public var code: String
    /// Display name.
    public var name: String
    /// Node kind.
    public var kind: Kind
    /// Operators (经营者) registered at the node.
    public var operators: [OperatorSettings]

    /// Creates node settings (`type` defaults to a retail market, as in the file).
    public init(code: String, name: String = "", kind: Kind = .retail_market, operators: [OperatorSettings]) {
        self.code = code
        self.name = name
        self.kind = kind
        self.operators = operators
    }
}

/// One operator (stall holder, trader).
public struct OperatorSettings: Sendable, Hashable {
    /// 13-digit operator code.
    public var code: String
    /// Name.
    public var name: String

    /// Creates an operator.
    public init(code: String, name: String = "") {
        self.code = code
        self.name = name
    }
}

/// Ledger location and limits.
public struct LedgerSettings: Sendable, Hashable {
    /// Path of the SQLite file.
    public var path: String
    /// Largest size the ledger may grow to, in MiB (nil: until the disk is full).
    public var maxSizeMiB: Int64?

    /// Creates ledger settings; the defaults are the file's.
    public init(path: String = "/var/lib/tracegate/ledger.db", maxSizeMiB: Int64? = nil) {
        self.path = path
        self.maxSizeMiB = maxSizeMiB
    }
}

/// The local HTTP API.
public struct APISettings: Sendable, Hashable {
    /// Whether to serve it.
    public var enabled: Bool
    /// Listen address; loopback by default, as the API has no authentication.
    public var host: String
    /// Listen port.
    public var port: Int

    /// Creates API settings; the defaults are the file's (served on 127.0.0.1:8417).
    public init(enabled: Bool = true, host: String = "127.0.0.1", port: Int = 8417) {
        self.enabled = enabled
        self.host = host
        self.port = port
    }
}

/// One retail station (stall): a scale, an optional scanner, an operator and the trade rules.
public struct StationSettings: Sendable, Hashable {
    /// Station id.
    public var id: String
    /// Operator code of the stall holder.
    public var operatorCode: String
    /// Scale device id.
    public var scale: String
    /// Scanner device id, if any.
    public var scanner: String?
    /// Card reader (RFID kind) whose taps select the buyer of the next trade (验卡交易), if any.
    public var cardReader: String? = nil
    /// Trade rules.
    public var rules: RetailStationSettings
    /// Command barcodes: text → command.
    public var commandCodes: [String: StationCommand]

    /// Creates a station; `rules` carries the trade rules (its station, node and operator codes should match).
    public init(
        id: String, operatorCode: String, scale: String, scanner: String? = nil, cardReader: String? = nil,
        rules: RetailStationSettings,
        commandCodes: [String: StationCommand] = ["*CONFIRM*": .confirm, "*CLEAR*": .clear]
    ) {
        self.id = id
        self.operatorCode = operatorCode
        self.scale = scale
        self.scanner = scanner
        self.cardReader = cardReader
        self.rules = rules
        self.commandCodes = commandCodes
    }
}
