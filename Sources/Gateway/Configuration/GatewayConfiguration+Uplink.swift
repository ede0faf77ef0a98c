import Foundation
import Yams

extension GatewayConfiguration {
    /// Parses the `uplink:` section; nil when absent (offline only).
    static func parseUplink(_ node: Node?, reader r: ConfigurationReader) -> UplinkSettings? {
        guard let node, let m = r.mapping(node, key: "uplink", section: ConfigurationSchema.uplink) else {
            return nil
        }
        var settings = UplinkSettings(platforms: [])
        if let days = r.integer(m["retention_days"], key: "uplink.retention_days", range: 1...36_500) {
            settings.retentionDays = Int(days)
        }
        let list = r.sequence(m["platforms"], key: "uplink.platforms")
        if list.isEmpty {
            r.report(
                "missing (required): at least one platform (or remove the uplink section to record offline only)",
                key: "uplink.platforms", at: m["platforms"] ?? node)
        }
        for (index, item) in list.enumerated() {
            guard let platform = parsePlatform(item, key: "uplink.platforms[\(index)]", reader: r) else { continue }
            if settings.platforms.contains(where: { $0.name == platform.name }) {
                r.report(
                    "platform name '\(platform.name)' is used twice; names must be unique",
                    key: "uplink.platforms[\(index)].name", at: item)
            }
            settings.platforms.append(platform)
        }
        return settings
    }

    /// Parses one platform entry.
    private static func parsePlatform(_ item: Node, key: String, reader r: ConfigurationReader)
        -> UplinkPlatformSettings?
    {
        guard let m = r.mapping(item, key: key, section: ConfigurationSchema.platforms) else { return nil }
        let name = r.string(m["name"], key: "\(key).name", required: true, parent: item)
        if let name,
            name.isEmpty || !name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) })
        {
            r.report(
                "must be letters, digits, '-', '_' or '.' (got '\(name)')", key: "\(key).name", at: m["name"])
        }
        let format = r.choice(m["format"], key: "\(key).format", as: UplinkPlatformSettings.Format.self)
        if m["format"] == nil {
            r.report(
                "missing (required): one of \(UplinkPlatformSettings.Format.allCases.map(\.rawValue).joined(separator: ", "))",
                key: "\(key).format", at: item)
        }
        let insecure = r.bool(m["allow_insecure_http"], key: "\(key).allow_insecure_http") ?? false
        let url = parseURL(m["url"], key: "\(key).url", allowInsecure: insecure, reader: r, parent: item)
        // Checked on a stand-in when name, format or URL are wrong (already reported), so one run of
        // `config check` shows every problem of the entry.
        var platform = UplinkPlatformSettings(
            name: name ?? "", url: url ?? URL(fileURLWithPath: "/"), format: format ?? .tracegateV1)
        platform.allowInsecureHTTP = insecure
        func path(_ field: String) -> String? {
            guard let text = r.string(m[field], key: "\(key).\(field)") else { return nil }
            if text.isEmpty { r.report("must not be empty", key: "\(key).\(field)", at: m[field]) }
            return text
        }
        platform.tokenFile = path("token_file")
        platform.caFile = path("ca_file")
        platform.clientCertificate = path("client_certificate")
        platform.clientKey = path("client_key")
        if (platform.clientCertificate == nil) != (platform.clientKey == nil) {
            r.report(
                "client_certificate and client_key go together (mTLS needs both)", key: "\(key).client_key",
                at: m["client_key"] ?? m["client_certificate"])
        }
        func number(_ field: String, _ range: ClosedRange<Int64>) -> Int? {
            r.integer(m[field], key: "\(key).\(field)", range: range).map { Int($0) }
        }
        platform.maxBatchTrades = number("max_batch_trades", 1...100_000) ?? platform.maxBatchTrades
        platform.maxBatchBytes = number("max_batch_bytes", 1024...1_073_741_824) ?? platform.maxBatchBytes
        platform.gzip = r.bool(m["gzip"], key: "\(key).gzip") ?? platform.gzip
        platform.timeoutMilliseconds = number("timeout_ms", 100...3_600_000) ?? platform.timeoutMilliseconds
        platform.backoffInitialMilliseconds =
            number("backoff_initial_ms", 1...3_600_000) ?? platform.backoffInitialMilliseconds
        platform.backoffMaxMilliseconds = number("backoff_max_ms", 1...86_400_000) ?? platform.backoffMaxMilliseconds
        if platform.backoffMaxMilliseconds < platform.backoffInitialMilliseconds {
            r.report(
                "must be at least backoff_initial_ms (\(platform.backoffInitialMilliseconds))",
                key: "\(key).backoff_max_ms", at: m["backoff_max_ms"])
        }
        platform.cityFormMethod = r.string(m["city_form_method"], key: "\(key).city_form_method")
        if format == .cityFormJSON, platform.cityFormMethod?.isEmpty ?? true {
            r.report(
                "missing (required for format city-form-json): the platform's method name, e.g. uploadRetailTrades",
                key: "\(key).city_form_method", at: m["city_form_method"] ?? item)
        } else if let format, format != .cityFormJSON, platform.cityFormMethod != nil {
            r.report(
                "only used with format city-form-json (this platform is \(format.rawValue))",
                key: "\(key).city_form_method", at: m["city_form_method"])
        }
        platform.masterData =
            r.bool(m["master_data"], key: "\(key).master_data") ?? (format ?? .tracegateV1 == .tracegateV1)
        if platform.masterData, let format, format != .tracegateV1 {
            r.report(
                "master data is served by tracegate-v1 platforms only (this platform is \(format.rawValue)); "
                    + "set it to false or remove it",
                key: "\(key).master_data", at: m["master_data"])
        }
        platform.masterDataRefreshSeconds =
            number("master_data_refresh_s", 5...86_400) ?? platform.masterDataRefreshSeconds
        guard name != nil, format != nil, url != nil else { return nil }
        return platform
    }

    /// An absolute http(s) URL; plain http only to a loopback host unless explicitly allowed.
    private static func parseURL(
        _ node: Node?, key: String, allowInsecure: Bool, reader r: ConfigurationReader, parent: Node
    ) -> URL? {
        guard let text = r.string(node, key: key, required: true, parent: parent) else { return nil }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty,
            scheme == "https" || scheme == "http"
        else {
            r.report(
                "must be an absolute https:// URL such as https://trace.example.gov.cn/tracegate (got '\(text)')",
                key: key, at: node)
            return nil
        }
        if scheme == "http", !allowInsecure, !isLoopback(host) {
            r.report(
                "plain http:// to \(host) would send trades and the token in clear; use https://, or set "
                    + "allow_insecure_http: true for a test rig", key: key, at: node)
            return nil
        }
        return url
    }

    /// Whether `host` names this machine (127.0.0.0/8, ::1, localhost).
    static func isLoopback(_ host: String) -> Bool {
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        if bare == "localhost" || bare == "::1" { return true }
        let parts = bare.split(separator: ".")
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }
}
