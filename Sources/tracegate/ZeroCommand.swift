import ArgumentParser
import CommandSupport
import Foundation
import Gateway

/// `tracegate zero DEVICE`: zero a USB HID POS scale through the running gateway's local API.
struct ZeroCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zero",
        abstract: "Zero a USB HID POS scale (empty pan) through the running gateway's local API.",
        discussion: """
            Sends output report 2 (`02 02`) to the scale. Serial indicators cannot be zeroed this way: \
            press ZERO on the indicator. Exit status: 0 sent, 1 no gateway answering, 2 no such device, \
            3 the device cannot be zeroed, 4 the scale is not connected.
            """)

    @Argument(help: "Device id (a USB HID scale, protocol hid-pos-scale).")
    var device: String

    @Option(help: "The local API, e.g. http://127.0.0.1:8417 (default: api.listen from --config).")
    var api: String?

    @Option(help: "The gateway configuration file.")
    var config: String = "/etc/tracegate/tracegate.yaml"

    func run() async throws {
        let base = try LocalAPIAddress.base(api: api, config: config)
        let escaped = device.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? device
        guard let url = URL(string: "\(base)/devices/\(escaped)/zero") else {
            throw ValidationError("--api '\(base)' is not a URL such as http://127.0.0.1:8417.")
        }
        let response: LoopbackHTTPClient.Response
        do {
            response = try LoopbackHTTPClient.send(method: "POST", to: url)
        } catch {
            printError("error: the gateway at \(base) does not answer (\(error)); is `tracegate run` running?")
            throw ExitCode(1)
        }
        guard let reply = try? JSONDecoder().decode(ZeroReply.self, from: response.body) else {
            printError("error: HTTP \(response.status): \(String(decoding: response.body, as: UTF8.self))")
            throw ExitCode(1)
        }
        switch reply.result {
        case "sent": print(reply.message)
        case "unknown-device":
            printError("error: \(reply.message)")
            throw ExitCode(2)
        case "cannot-zero":
            printError("refused: \(reply.message)")
            throw ExitCode(3)
        default:
            printError("error: \(reply.message)")
            throw ExitCode(4)
        }
    }
}
