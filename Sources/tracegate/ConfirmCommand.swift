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

    @OptionGroup var gateway: LocalAPIOptions

    @Flag(help: "Forget the scanned product and source instead of confirming.")
    var clear = false

    func run() async throws {
        let response = try gateway.post(
            "/stations/\(LocalAPIAddress.pathSegment(station))/\(clear ? "clear" : "confirm")")
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
