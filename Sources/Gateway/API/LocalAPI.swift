import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import TraceModel
import TradeLogic

/// The local HTTP API for the stall terminal and `tracegate confirm`. JSON in, JSON out; loopback by default.
///
/// - `GET /health` — `{"status":"ok"}` once the gateway is running.
/// - `GET /stations` — every station's snapshot.
/// - `POST /stations/{id}/confirm` — commit the trade on the scale now; 200 with the trade, or 409 with the reason.
/// - `POST /stations/{id}/clear` — forget the scanned product and source.
/// - `GET /devices` — device states and counters.
/// - `POST /devices/{id}/zero` — zero a USB HID POS scale: 200 sent, 404 no such device, 409 it cannot be
///   zeroed (not a USB HID scale), 503 not connected (`ZeroReply`).
/// - `GET /devices/events` — live readings, state changes and hotplug events as NDJSON, one
///   `DeviceActivityJSON` per line, until the client disconnects or the gateway stops.
/// - `GET /trades?limit=N` — the newest trades (default 50), oldest first; `GET /trades/{code}` — one trade.
/// - `GET /sync` — per-platform delivery status; `POST /sync/now` — send now (cuts a backoff short).
/// - `GET /outbox?state=pending|rejected&platform=&limit=` — undelivered trades; `POST /outbox/{code}/retry`
///   — send a rejected trade again (`?platform=` to choose one platform).
/// - `/health` lists alarms (storage full, rejected trades) as `{"status":"alarm","alarms":[…]}`.
public struct LocalAPI: Sendable {
    /// Reads the ledger for the API.
    public typealias TradeQuery = @Sendable (_ limit: Int) throws -> [Trade]
    /// Finds one trade.
    public typealias TradeLookup = @Sendable (_ code: String) throws -> Trade?
    /// Lists device states.
    public typealias DeviceList = @Sendable () -> [DeviceStatusJSON]
    /// Sends the zero command to a device.
    public typealias DeviceZero = @Sendable (_ id: String) async -> DeviceZeroOutcome
    /// Subscribes to live device activity.
    public typealias DeviceActivitySubscription = @Sendable () -> AsyncStream<DeviceActivityJSON>

    let stations: [String: StationService]
    let recentTrades: TradeQuery
    let lookup: TradeLookup
    let devices: DeviceList
    let zero: DeviceZero
    /// The uplink's routes and alarms (nil: not served).
    public var uplink: UplinkEndpoints?
    let deviceEvents: DeviceActivitySubscription?

    /// Creates the API over running stations and the ledger.
    public init(
        stations: [StationService], recentTrades: @escaping TradeQuery, lookup: @escaping TradeLookup,
        devices: @escaping DeviceList,
        zero: @escaping DeviceZero = { id in .unknownDevice("no device '\(id)'") },
        deviceEvents: DeviceActivitySubscription? = nil
    ) {
        self.stations = Dictionary(uniqueKeysWithValues: stations.map { ($0.id, $0) })
        self.recentTrades = recentTrades
        self.lookup = lookup
        self.devices = devices
        self.zero = zero
        self.deviceEvents = deviceEvents
    }

    /// The Hummingbird application; `onRunning` receives the bound port (useful with port 0).
    public func application(host: String, port: Int, logger: Logger, onRunning: @escaping @Sendable (Int) -> Void)
        -> some Service
    {
        let router = Router()
        let stations = self.stations
        let recentTrades = self.recentTrades
        let lookup = self.lookup
        let devices = self.devices
        let uplink = self.uplink
        router.get("/health") { _, _ in
            let alarms = uplink?.alarms() ?? []
            return Self.json(
                HealthReply(status: alarms.isEmpty ? "ok" : "alarm", alarms: alarms.isEmpty ? nil : alarms))
        }
        if let uplink { Self.addUplinkRoutes(router, uplink) }
        router.get("/stations") { _, _ in
            Self.json(stations.values.map(\.snapshot).sorted { $0.station < $1.station })
        }
        router.post("/stations/:id/:command") { _, context in
            let id = context.parameters.get("id") ?? ""
            let name = context.parameters.get("command") ?? ""
            guard let station = stations[id] else {
                return Self.json(
                    ["error": "no station '\(id)'; stations: \(stations.keys.sorted().joined(separator: ", "))"],
                    status: .notFound)
            }
            guard let command = StationCommand(rawValue: name) else {
                return Self.json(["error": "unknown command '\(name)'; use confirm or clear"], status: .notFound)
            }
            let actions = await station.perform(command)
            return Self.outcome(of: actions)
        }
        router.get("/devices") { _, _ in Self.json(devices()) }
        let zero = self.zero
        router.post("/devices/:id/zero") { _, context in
            Self.reply(to: await zero(context.parameters.get("id") ?? ""))
        }
        let deviceEvents = self.deviceEvents
        router.get("/devices/events") { _, _ in
            guard let deviceEvents else {
                return Self.json(["error": "this gateway has no device activity feed"], status: .notFound)
            }
            return Self.ndjson(deviceEvents())
        }
        router.get("/trades") { request, _ in
            let limit = request.uri.queryParameters.get("limit").flatMap(Int.init) ?? 50
            guard (1...10_000).contains(limit) else {
                return Self.json(["error": "limit must be 1…10000"], status: .badRequest)
            }
            do {
                return Self.json(try recentTrades(limit).map(TradeJSON.init))
            } catch {
                return Self.json(["error": "\(error)"], status: .internalServerError)
            }
        }
        router.get("/trades/:code") { _, context in
            let code = context.parameters.get("code") ?? ""
            do {
                guard let trade = try lookup(code) else {
                    return Self.json(["error": "no trade with trace code \(code)"], status: .notFound)
                }
                return Self.json(TradeJSON(trade))
            } catch {
                return Self.json(["error": "\(error)"], status: .internalServerError)
            }
        }
        return Application(
            router: router, configuration: .init(address: .hostname(host, port: port), serverName: "tracegate"),
            onServerRunning: { channel in onRunning(channel.localAddress?.port ?? port) }, logger: logger)
    }

    /// 200 with the trade for a recorded confirmation; 409 with the reason otherwise.
    static func outcome(of actions: [StationAction]) -> Response {
        for action in actions {
            if case .acknowledged(let trade) = action {
                return json(ConfirmReply(result: "recorded", reason: nil, trade: TradeJSON(trade)))
            }
        }
        for action in actions {
            if case .rejected(let rejection) = action {
                return json(ConfirmReply(result: "refused", reason: rejection.message, trade: nil), status: .conflict)
            }
        }
        let notice = actions.compactMap { if case .notice(let text) = $0 { text } else { nil } }.last
        return json(ConfirmReply(result: "ok", reason: notice, trade: nil))
    }

    /// A streamed NDJSON response: one JSON object per line as activity happens (chunked encoding).
    static func ndjson(_ stream: AsyncStream<DeviceActivityJSON>) -> Response {
        let body = ResponseBody { writer in
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            encoder.dateEncodingStrategy = .iso8601
            // A first line at once, so a client knows the stream is open before any device speaks.
            var hello = DeviceActivityJSON(type: "hello", at: Date())
            hello.reason = "streaming device activity"
            var lines = [hello]
            var iterator = stream.makeAsyncIterator()
            while true {
                for line in lines {
                    var data = (try? encoder.encode(line)) ?? Data("{}".utf8)
                    data.append(0x0A)
                    try await writer.write(ByteBuffer(bytes: data))
                }
                guard let next = await iterator.next() else { break }
                lines = [next]
            }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok, headers: [.contentType: "application/x-ndjson; charset=utf-8"], body: body)
    }

    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// The reply to `POST /stations/{id}/confirm`.
public struct ConfirmReply: Codable, Sendable {
    /// recorded, refused or ok.
    public var result: String
    /// Why it was refused.
    public var reason: String?
    /// The recorded trade.
    public var trade: TradeJSON?
}

/// A device's state for the API and `tracegate devices`.
public struct DeviceStatusJSON: Codable, Sendable, Hashable {
    /// Device id.
    public var id: String
    /// Protocol name.
    public var `protocol`: String
    /// Path opened.
    public var path: String
    /// `connected`, `waitingForDevice: <reason>`, `failed: <reason>`, `idle` or `stopped`.
    public var state: String
    /// Bytes read.
    public var bytes: UInt64
    /// Decoded events.
    public var frames: UInt64
    /// Frame errors.
    public var decode_errors: UInt64
    /// Reopens after unplug, errors or silence.
    public var reconnects: UInt64
    /// Last error text.
    public var last_error: String?
    /// scale, scanner or rfid.
    public var kind: String?
    /// How the device is found: its path, `usb 1a86:7523 port 1-1.3`, or `simulated`.
    public var identity: String?
    /// The node the current or last connection opened.
    public var resolved_path: String?
    /// The last reading, e.g. "1234 g stable" or "barcode 6901234567892".
    public var last_reading: String?
    /// When the last decoded event arrived (RFC 3339, UTC).
    public var last_event_at: String?
    /// Reopens after the device stayed silent too long.
    public var silence_timeouts: UInt64?

    /// Creates a status.
    public init(
        id: String, protocol: String, path: String, state: String, bytes: UInt64, frames: UInt64, decode_errors: UInt64,
        reconnects: UInt64, last_error: String?
    ) {
        self.id = id
        self.protocol = `protocol`
        self.path = path
        self.state = state
        self.bytes = bytes
        self.frames = frames
        self.decode_errors = decode_errors
        self.reconnects = reconnects
        self.last_error = last_error
    }
}
