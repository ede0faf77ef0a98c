import ArgumentParser
import Gateway

/// Where a running gateway's local API answers, for the commands that talk to it (`confirm`, `zero`,
/// `devices watch`): `--api` when given, else `api.listen` from the configuration file.
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
}
