import DeviceProtocols
import Foundation
import TraceModel
import TradeLogic
import Yams

extension GatewayConfiguration {
    /// Reads and validates the configuration file at `path`.
    /// Throws `ConfigurationError` listing every issue with file, line and key.
    public static func load(path: String) throws -> GatewayConfiguration {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(issues: [
                ConfigurationIssue(
                    file: path, line: nil, key: "", message: "cannot read the file (missing, or no permission)")
            ])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigurationError(issues: [
                ConfigurationIssue(file: path, line: nil, key: "", message: "not UTF-8 text")
            ])
        }
        return try load(yaml: text, file: path)
    }

    /// Parses and validates YAML text; `file` names it in issues.
    public static func load(yaml: String, file: String) throws -> GatewayConfiguration {
        try parse(yaml: yaml, file: file).configuration
    }

    /// Parses and validates YAML text, and says which keys' values were read (`ConfigurationReader.keysRead`).
    static func parse(yaml: String, file: String) throws -> (configuration: GatewayConfiguration, keysRead: Set<String>)
    {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw ConfigurationError(issues: [Self.syntaxIssue(error, file: file)])
        }
        let reader = ConfigurationReader(file: file)
        let result = parse(root, reader: reader)
        if !reader.issues.isEmpty || result == nil {
            var issues = reader.issues
            if issues.isEmpty {
                issues = [ConfigurationIssue(file: file, line: nil, key: "", message: "empty configuration")]
            }
            throw ConfigurationError(issues: issues.sorted { ($0.line ?? 0) < ($1.line ?? 0) })
        }
        var configuration = result!
        configuration.warnings = reader.warnings
        return (configuration, reader.keysRead)
    }

    private static func syntaxIssue(_ error: YamlError, file: String) -> ConfigurationIssue {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return ConfigurationIssue(
                file: file, line: mark.line, key: "", message: "YAML syntax error: \(problem) (column \(mark.column))")
        default:
            return ConfigurationIssue(file: file, line: nil, key: "", message: "YAML error: \(error)")
        }
    }

    private static func parse(_ root: Node?, reader r: ConfigurationReader) -> GatewayConfiguration? {
        guard let root, let top = r.mapping(root, key: "", section: ConfigurationSchema.top) else {
            r.report("the file is empty; see config/tracegate.sample.yaml", key: "", at: root)
            return nil
        }
        let node = parseNode(top["node"], reader: r, parent: root)
        let ledger = parseLedger(top["ledger"], reader: r)
        let template = parseTraceCode(top["trace_code"], reader: r)
        let api = parseAPI(top["api"], reader: r)
        let devices = parseDevices(top["devices"], reader: r)
        let catalogue = parseCatalogue(top["catalogue"], reader: r)
        let stations = parseStations(top["stations"], reader: r, node: node, devices: devices, catalogue: catalogue)
        if top["stations"] == nil || stations.isEmpty, top["stations"] == nil {
            r.report("missing (required): at least one station", key: "stations", at: root)
        }
        let uplink = parseUplink(top["uplink"], reader: r)
        guard let node else { return nil }
        var configuration = GatewayConfiguration(
            node: node, ledger: ledger, traceCodeTemplate: template, api: api, devices: devices.map(\.settings),
            catalogue: catalogue.map(\.item), stations: stations)
        configuration.uplink = uplink
        configuration.hotplug = parseHotplug(top["hotplug"], reader: r)
        return configuration
    }

    private static func parseNode(_ node: Node?, reader r: ConfigurationReader, parent: Node) -> NodeSettings? {
        guard let node else {
            r.report("missing (required): the node's code, name, type and operators", key: "node", at: parent)
            return nil
        }
        guard let m = r.mapping(node, key: "node", section: ConfigurationSchema.node) else { return nil }
        let code = r.digits(m["code"], key: "node.code", count: 9, required: true, parent: node)
        let name = r.string(m["name"], key: "node.name") ?? ""
        let kind = r.choice(m["type"], key: "node.type", as: NodeSettings.Kind.self) ?? .retail_market
        var operators: [OperatorSettings] = []
        let list = r.sequence(m["operators"], key: "node.operators")
        if list.isEmpty {
            r.report("missing (required): at least one operator", key: "node.operators", at: m["operators"] ?? node)
        }
        for (index, item) in list.enumerated() {
            let key = "node.operators[\(index)]"
            guard let om = r.mapping(item, key: key, section: ConfigurationSchema.operators) else { continue }
            guard let opCode = r.digits(om["code"], key: "\(key).code", count: 13, required: true, parent: item) else {
                continue
            }
            if let code, !opCode.hasPrefix(code) {
                r.report(
                    "operator code \(opCode) must start with the node code \(code) (node code + 4-digit operator number)",
                    key: "\(key).code", at: om["code"])
            }
            if operators.contains(where: { $0.code == opCode }) {
                r.report("operator \(opCode) listed twice", key: "\(key).code", at: om["code"])
            }
            operators.append(OperatorSettings(code: opCode, name: r.string(om["name"], key: "\(key).name") ?? ""))
        }
        // Returned even when the code is invalid (already reported), so stations are still checked
        // against the operators: one run of `config check` shows every problem.
        return NodeSettings(code: code ?? "", name: name, kind: kind, operators: operators)
    }

    private static func parseLedger(_ node: Node?, reader r: ConfigurationReader) -> LedgerSettings {
        var settings = LedgerSettings()
        guard let m = r.mapping(node, key: "ledger", section: ConfigurationSchema.ledger) else { return settings }
        if let path = r.string(m["path"], key: "ledger.path") {
            if path.isEmpty {
                r.report("must not be empty", key: "ledger.path", at: m["path"])
            } else {
                settings.path = path
            }
        }
        settings.maxSizeMiB = r.integer(m["max_size_mib"], key: "ledger.max_size_mib", range: 1...1_000_000)
        return settings
    }

    private static func parseTraceCode(_ node: Node?, reader r: ConfigurationReader) -> String {
        let fallback = defaultTraceCodeTemplate
        guard let m = r.mapping(node, key: "trace_code", section: ConfigurationSchema.traceCode) else {
            return fallback
        }
        guard let template = r.string(m["template"], key: "trace_code.template") else { return fallback }
        do {
            _ = try TraceCodeTemplate(parsing: template)
        } catch {
            r.report("\(error)", key: "trace_code.template", at: m["template"])
        }
        return template
    }

    private static func parseAPI(_ node: Node?, reader r: ConfigurationReader) -> APISettings {
        var api = APISettings()
        guard let m = r.mapping(node, key: "api", section: ConfigurationSchema.api) else { return api }
        api.enabled = r.bool(m["enabled"], key: "api.enabled") ?? true
        if let listen = r.string(m["listen"], key: "api.listen") {
            let parts = listen.split(separator: ":", omittingEmptySubsequences: false)
            if parts.count == 2, let port = Int(parts[1]), (0...65535).contains(port), !parts[0].isEmpty {
                api.host = String(parts[0])
                api.port = port
            } else {
                r.report("must be HOST:PORT, e.g. 127.0.0.1:8417 (got '\(listen)')", key: "api.listen", at: m["listen"])
            }
        }
        return api
    }
}
