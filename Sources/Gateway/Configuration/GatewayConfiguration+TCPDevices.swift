import DeviceIO
import DeviceProtocols
import Yams

/// Device keys for devices behind a serial device server (`transport: tcp`): where it listens, how long to wait.
extension GatewayConfiguration {
    /// The device keys this file parses.
    static let tcpDeviceKeys = ["address", "connect_timeout_ms"]

    /// Serial keys a TCP device cannot use: the line is set in the device server, and nothing is simulated. The
    /// poll keys are the exception: a polled device behind a device server is polled through it.
    static let lineOnlyDeviceKeys = serialOnlyDeviceKeys.filter { !$0.hasPrefix("poll_") }

    /// Reads `address` and `connect_timeout_ms` for `transport: tcp` (nil when `address` is missing or malformed),
    /// refuses them on other transports and the serial line's keys on TCP devices, each at its key. The poll keys
    /// (`poll_command`, `poll_interval_ms`) come from `serial`, parsed for every transport.
    static func parseTCPDeviceKeys(
        _ m: [String: Node], key: String, item: Node, transport: DeviceTransport, serial: SerialPortSettings,
        reader r: ConfigurationReader
    ) -> TCPPortSettings? {
        guard transport == .tcp else {
            for name in tcpDeviceKeys where m[name] != nil {
                r.report("\(name) applies only to devices with transport: tcp", key: "\(key).\(name)", at: m[name])
            }
            return nil
        }
        for name in lineOnlyDeviceKeys where m[name] != nil {
            let why =
                name == "simulate"
                ? "a TCP device cannot be simulated in-process; point address at a simulator behind ser2net (docs/tcp-devices.md)"
                : name == "path"
                    ? "a TCP device is found by address: HOST:PORT, not by a path"
                    : "\(name) is set in the device server (its web page, or ser2net's connection line), not here"
            r.report(why, key: "\(key).\(name)", at: m[name])
        }
        let timeout =
            r.integer(m["connect_timeout_ms"], key: "\(key).connect_timeout_ms", range: 100...60_000).map { Int($0) }
            ?? 3000
        guard let text = r.string(m["address"], key: "\(key).address", required: true, parent: item) else {
            return nil
        }
        guard let endpoint = TCPEndpoint(parsing: text), endpoint.problem == nil else {
            r.report(
                "'\(text)' is not HOST:PORT such as 192.168.1.254:4001 (port 1–65535; an IPv6 address in brackets)",
                key: "\(key).address", at: m["address"])
            return nil
        }
        return TCPPortSettings(
            endpoint: endpoint, connectTimeoutMilliseconds: timeout,
            pollIntervalMilliseconds: serial.pollIntervalMilliseconds)
    }
}
