import DeviceProtocols
import Foundation
import GatewayConfiguration
import TraceModel
import Uplink

/// What one fuzz input is fed to. Every target must return (or throw a typed error it reports) for any bytes:
/// a crash, a trap or a hang is a finding.
struct FuzzTarget: Sendable {
    /// The name given after `--target`.
    var name: String
    /// Feeds one input.
    var run: @Sendable ([UInt8]) -> Void

    /// Every target: one per catalogued decoder (its protocol name), then the readers of what the platform sends
    /// and the configuration loader.
    static var all: [FuzzTarget] {
        ProtocolCatalog.all.map { decoder($0.name) } + [
            reply("reply-tracegate-v1", TraceGateV1ReplyDecoder.self),
            reply("reply-city-form-json", CityFormReplyDecoder.self),
            document("master-catalogue", MasterCatalogue.self),
            document("master-operators", OperatorRegistry.self),
            document("master-stop-orders", StopTradeOrders.self),
            FuzzTarget(name: "configuration") { bytes in
                // The loader reads UTF-8 text; invalid sequences become U+FFFD as when a file is read.
                _ = try? GatewayConfiguration.load(yaml: String(decoding: bytes, as: UTF8.self), file: "fuzz.yaml")
            },
        ]
    }

    static func named(_ name: String) -> FuzzTarget? { all.first { $0.name == name } }

    /// A decoder fed the stream in chunks: the first byte picks the chunk size (1…16 bytes, or 17: all at once),
    /// so frames are split across `feed` calls as well as whole. Options: the descriptor's example options (what
    /// makes every protocol constructible, e.g. generic-line's pattern).
    static func decoder(_ protocolName: String) -> FuzzTarget {
        FuzzTarget(name: protocolName) { bytes in
            guard let first = bytes.first else { return }
            let options = ProtocolCatalog.descriptor(named: protocolName)?.exampleOptions ?? DecoderOptions()
            guard var decoder = try? ProtocolCatalog.makeDecoder(named: protocolName, options: options) else {
                fatalError("protocol \(protocolName) cannot be built")
            }
            let chunk = Int(first % 17) + 1
            let stream = bytes.dropFirst()
            var index = stream.startIndex
            while index < stream.endIndex {
                let end = chunk == 17 ? stream.endIndex : min(index + chunk, stream.endIndex)
                for event in decoder.feed(Array(stream[index..<end])) {
                    // Touch every event so lazily computed text is produced too.
                    _ = String(describing: event)
                }
                index = end
            }
        }
    }

    /// A platform's answer to a batch of three trades (the trace codes the seeds name): the first byte picks the
    /// HTTP status, the second whether a JSON content type and a Retry-After header come with it, the rest is the body.
    static func reply<Reader: BatchReplyReader>(_ name: String, _ reader: Reader.Type) -> FuzzTarget {
        FuzzTarget(name: name) { bytes in
            guard bytes.count >= 2 else { return }
            let statuses = [200, 201, 202, 204, 207, 400, 401, 403, 404, 409, 413, 422, 429, 500, 502, 503]
            let status = statuses[Int(bytes[0]) % statuses.count]
            var headers: [UplinkHeader] = []
            if bytes[1] & 1 != 0 { headers.append(UplinkHeader("content-type", "application/json; charset=utf-8")) }
            if bytes[1] & 2 != 0 {
                headers.append(
                    UplinkHeader("retry-after", String(decoding: bytes.dropFirst(2).prefix(8), as: UTF8.self)))
            }
            do {
                let reply = try Reader.decode(
                    status: status, headers: headers, body: Array(bytes.dropFirst(2)), for: batch)
                _ = String(describing: reply)
            } catch {
                _ = String(describing: error)
            }
        }
    }

    /// A master-data document body as the downlink fetches it.
    static func document<Document: MasterDataDocument>(_ name: String, _ type: Document.Type) -> FuzzTarget {
        FuzzTarget(name: name) { bytes in
            do {
                _ = String(describing: try Document.parse(bytes))
            } catch {
                _ = String(describing: error)
            }
        }
    }

    /// The batch every reply answers: trace codes 33010200100010000001…3 at stall-1.
    static let batch = UplinkBatch(
        trades: (1...3).map { serial in
            Trade(
                id: Int64(serial), traceCode: "3301020010001000000\(serial)",
                draft: TradeDraft(
                    station: "stall-1", nodeCode: "330102001", operatorCode: "3301020010001", productCode: "10010001",
                    productName: "猪后腿肉", grams: 1234, unitPriceFen: 3000, amountFen: 3702,
                    parents: ["33010200100020000001"]),
                committedAt: Date(timeIntervalSince1970: 1_795_342_530), utcOffsetSeconds: 8 * 3600,
                prevHash: String(repeating: "0", count: 64), hash: String(repeating: "a", count: 64))
        })
}
