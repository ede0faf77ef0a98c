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

    @OptionGroup var gateway: LocalAPIOptions

    func run() async throws {
        let response = try gateway.post("/devices/\(LocalAPIAddress.pathSegment(device))/zero")
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
