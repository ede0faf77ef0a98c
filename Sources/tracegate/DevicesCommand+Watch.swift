import ArgumentParser
import CommandSupport
import Foundation
import Gateway

extension DevicesCommand {
    /// `tracegate devices watch`: live readings, state changes and hotplug events from the running gateway.
    struct Watch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "watch",
            abstract: "Stream live readings, device state changes and hotplug events from the running gateway.",
            discussion: """
                Reads GET /devices/events (NDJSON) from the gateway's local API and prints one line per event:
                  2026-05-01T08:00:00Z stall-1-scale 1234 g stable
                  2026-05-01T08:00:02Z stall-1-scale waitingForDevice: /dev/serial/by-id/… hung up
                  2026-05-01T08:00:05Z hotplug add tty /dev/ttyUSB1
                With --json the gateway's lines are printed as they are. Stops on Ctrl-C, after --count events,
                or when the gateway stops.
                """)

        @OptionGroup var gateway: LocalAPIOptions

        @Flag(help: "Print the JSON lines as received.")
        var json = false

        @Option(help: "Stop after this many events.")
        var count: Int?

        func validate() throws {
            if let count { try OptionCheck.atLeast(1, count, "count") }
        }

        func run() async throws {
            let base = try gateway.base()
            let url = try LocalAPIAddress.url(base: base, path: "/devices/events")
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            var seen = 0
            let limit = count
            do {
                try LoopbackHTTPStream.lines(from: url) { line in
                    guard let event = try? decoder.decode(DeviceActivityJSON.self, from: Data(line.utf8)) else {
                        return true
                    }
                    if event.type == "hello" {
                        printError("watching \(base) (Ctrl-C to stop)")
                        return true
                    }
                    print(json ? line : event.humanLine)
                    fflush(nil)  // all streams: a pipe must see each line at once
                    seen += 1
                    return limit.map { seen < $0 } ?? true
                }
            } catch {
                printError("error: the gateway at \(base) does not stream (\(error)); is `tracegate run` running?")
                throw ExitCode(1)
            }
        }
    }
}
