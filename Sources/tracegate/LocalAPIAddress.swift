import ArgumentParser
import CommandSupport
import Foundation
import Gateway

/// Where a running gateway's local API answers, for the commands that talk to it (`confirm`, `zero`,
/// `devices watch`, the uplink commands): `--api` when given, else `api.listen` from the configuration file.
enum LocalAPIAddress {
    /// `http://host:port`, or a validation error saying how to point the command at the gateway.
    static func base(api: String?, config: String) throws -> String {
        if let api { return api }
        do {
            let settings = try GatewayConfiguration.load(path: config).api
            return "http://\(settings.host):\(settings.port)"
        } catch {
            throw ValidationError("Cannot find the API: \(error)\nGive --api URL or a valid --config FILE.")
        }
    }

    /// `base` + `path` as a URL, or a validation error naming --api when `base` is no URL.
    static func url(base: String, path: String) throws -> URL {
        guard let url = URL(string: base + path) else {
            throw ValidationError("--api '\(base)' is not a URL such as http://127.0.0.1:8417.")
        }
        return url
    }

    /// `segment` escaped for use as one segment of an API path (a station id, device id or trace code).
    static func pathSegment(_ segment: String) -> String {
        segment.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? segment
    }
}

/// `--api` and `--config` of the commands that talk to the running gateway (`confirm`, `zero`, `devices list`,
/// `devices watch`, the uplink commands).
struct LocalAPIOptions: ParsableArguments {
    @Option(help: "The local API, e.g. http://127.0.0.1:8417 (default: api.listen from --config).")
    var api: String?

    @Option(help: "The gateway configuration file.")
    var config: String = "/etc/tracegate/tracegate.yaml"

    /// `http://host:port` of the gateway's local API, or a validation error saying how to point at it.
    func base() throws -> String { try LocalAPIAddress.base(api: api, config: config) }

    /// POSTs to `path` (e.g. `/devices/scale-1/zero`) on the running gateway and returns its answer; prints
    /// why and exits 1 when no gateway answers.
    func post(_ path: String) throws -> LoopbackHTTPClient.Response {
        let base = try base()
        let url = try LocalAPIAddress.url(base: base, path: path)
        do {
            return try LoopbackHTTPClient.send(method: "POST", to: url)
        } catch {
            printError("error: the gateway at \(base) does not answer (\(error)); is `tracegate run` running?")
            throw ExitCode(1)
        }
    }
}
