import Foundation
import Uplink

/// Reads an `EPCISDocument` (JSON-LD) posted to `/capture` and recovers the trades that TraceGate's
/// `EPCISDocumentEncoder` put in it (Sources/Uplink/EPCIS; domain.md §3).
///
/// Per ObjectEvent: the trace code from `quantityList[0].epcClass` (`…trace:<code>`), kilograms → grams,
/// the station from `readPoint.id` (`…:station:<id>`), the node from `bizLocation.id` (`…node:<code>`), and the
/// extension fields `*:productCode`, `*:productName`, `*:operatorCode`, `*:unitPriceFen`, `*:amountFen`,
/// `*:parentCodes`, `*:buyer` whatever their JSON-LD prefix. An event without a readable trace code or weight is
/// a capture error of that event (ValidationException), not of the document.
enum EPCISCaptureDecoder {
    /// One event: the trade it carries, or why it cannot be captured.
    enum Event: Sendable {
        /// A readable trade.
        case trade(PlatformTrade, eventID: String?)
        /// An event that cannot be captured.
        case invalid(CaptureProblem)
    }

    /// The events of a document, in order. Throws a 400 problem when the body is not an EPCISDocument at all.
    static func decode(_ body: [UInt8]) throws(HTTPProblem) -> [Event] {
        func invalid(_ detail: String) -> HTTPProblem {
            HTTPProblem(
                status: 400, type: "epcisException:ValidationException", title: "Invalid EPCIS document",
                detail: detail)
        }
        guard let root = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
            throw invalid("body is not a JSON object")
        }
        guard root["type"] as? String == "EPCISDocument" else {
            throw invalid("type must be EPCISDocument, got \(String(describing: root["type"] ?? "nothing"))")
        }
        guard let epcisBody = root["epcisBody"] as? [String: Any], let list = epcisBody["eventList"] as? [Any]
        else { throw invalid("epcisBody.eventList is missing or not an array") }
        return list.enumerated().map { index, element in
            guard let event = element as? [String: Any] else {
                return .invalid(problem("eventList[\(index)] is not an object", eventID: nil))
            }
            return Self.event(event, index: index)
        }
    }

    /// A ValidationException for one event.
    static func problem(_ detail: String, eventID: String?) -> CaptureProblem {
        CaptureProblem(
            type: "epcisException:ValidationException", title: "Event cannot be captured", status: 400,
            detail: detail, instance: eventID)
    }

    private static func event(_ event: [String: Any], index: Int) -> Event {
        let eventID = event["eventID"] as? String
        let quantity = (event["quantityList"] as? [Any])?.first as? [String: Any]
        guard let epcClass = quantity?["epcClass"] as? String, let code = lastPart(of: epcClass, after: "trace:"),
            !code.isEmpty
        else {
            return .invalid(
                problem("eventList[\(index)]: no quantityList[0].epcClass with a trace code", eventID: eventID))
        }
        guard let kilograms = (quantity?["quantity"] as? NSNumber)?.doubleValue, quantity?["uom"] as? String == "KGM"
        else {
            return .invalid(problem("event for trace code \(code): no quantity in KGM", eventID: eventID))
        }
        let readPoint = (event["readPoint"] as? [String: Any])?["id"] as? String ?? ""
        let location = (event["bizLocation"] as? [String: Any])?["id"] as? String ?? ""
        let bizStep = event["bizStep"] as? String ?? ""
        let parents = (extensionValue(event, "parentCodes") as? [Any] ?? []).compactMap { element -> String? in
            guard let uri = element as? String else { return nil }
            return lastPart(of: uri, after: "trace:") ?? uri
        }
        let trade = PlatformTrade(
            traceCode: code, station: lastPart(of: readPoint, after: ":station:") ?? readPoint,
            stationKind: stationKind(bizStep: bizStep),
            nodeCode: lastPart(of: location, after: "node:") ?? location, nodeName: "",
            operatorCode: extensionValue(event, "operatorCode") as? String ?? "",
            productCode: extensionValue(event, "productCode") as? String ?? "",
            productName: extensionValue(event, "productName") as? String ?? "",
            grams: Int64((kilograms * 1000).rounded()),
            unitPriceFen: (extensionValue(event, "unitPriceFen") as? NSNumber)?.int64Value ?? 0,
            amountFen: (extensionValue(event, "amountFen") as? NSNumber)?.int64Value ?? 0, parents: parents,
            buyer: extensionValue(event, "buyer") as? String ?? "", committedAt: event["eventTime"] as? String ?? "",
            utcOffset: event["eventTimeZoneOffset"] as? String ?? "", ledgerID: 0, prevHash: "", hash: "")
        return .trade(trade, eventID: eventID)
    }

    /// The value of an extension field `<any prefix>:name`.
    private static func extensionValue(_ event: [String: Any], _ name: String) -> Any? {
        let suffix = ":" + name
        return event.first { $0.key.hasSuffix(suffix) }?.value
    }

    /// The percent-decoded text after the last `marker` in `uri`, or nil when the marker is absent.
    static func lastPart(of uri: String, after marker: String) -> String? {
        guard let range = uri.range(of: marker, options: .backwards) else { return nil }
        let tail = String(uri[range.upperBound...])
        return tail.removingPercentEncoding ?? tail
    }

    /// The station kind a bizStep stands for when it is unambiguous (`StationKind.bizStep`), else the bizStep.
    static func stationKind(bizStep: String) -> String {
        let kinds = StationKind.allCases.filter { $0.bizStep == bizStep }
        return kinds.count == 1 ? kinds[0].rawValue : bizStep
    }
}
