import ArgumentParser
import CommandSupport
import Foundation
import Gateway

/// `tracegate confirm --station ID`: commit the trade on a station's scale (trigger `confirm`).
struct ConfirmCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "confirm",
        abstract: "Confirm the trade on a station's scale now, through the running gateway's local API.")

    @Option(help: "Station id.")
    var station: String

    @Option(help: "The local API, e.g. http://127.0.0.1:8417 (default: api.listen from --config).")
    var api: String?

    @Option(help: "The gateway configuration file.")
    var config: String = "/etc/tracegate/tracegate.yaml"

    @Flag(help: "Forget the scanned product and source instead of confirming.")
    var clear = false

    func run() async throws {
        let base = try LocalAPIAddress.base(api: api, config: config)
        let escaped = station.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? station
        guard let url = URL(string: "\(base)/stations/\(escaped)/\(clear ? "clear" : "confirm")") else {
            throw ValidationError("--api '\(base)' is not a URL such as http://127.0.0.1:8417.")
        }
        let response: LoopbackHTTPClient.Response
        do {
            response = try LoopbackHTTPClient.send(method: "POST", to: url)
        } catch {
            printError("error: the gateway at \(base) does not answer (\(error)); is `tracegate run` running?")
            throw ExitCode(1)
        }
        let (data, status) = (response.body, response.status)
        if let reply = try? JSONDecoder().decode(ConfirmReply.self, from: data) {
            if let trade = reply.trade {
                print("recorded \(trade.trace_code): \(trade.product_name) \(trade.grams) g, \(trade.amount_fen) fen")
            } else if reply.result == "refused" {
                printError("refused: \(reply.reason ?? "no reason given")")
                throw ExitCode(3)
            } else {
                print(reply.reason ?? "ok")
            }
        } else {
            printError("error: HTTP \(status): \(String(decoding: data, as: UTF8.self))")
            throw ExitCode(1)
        }
    }
}
