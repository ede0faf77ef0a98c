import Foundation
import TraceModel

/// `epcis-2.0`: each trade as a GS1 EPCIS 2.0 `ObjectEvent` in one `EPCISDocument` (JSON-LD), for `POST /capture`.
///
/// Source: EPCIS 2.0 JSON schema and examples (shared/schemas/epcis-2.0), CBV 2.0, domain.md §3.
///
/// Why ObjectEvent (action `OBSERVE`) and not TransactionEvent: a TransactionEvent *requires* a
/// `bizTransactionList` (a purchase order, invoice… identified by a CBV transaction type), and a market sale has
/// none — the trace code is the lot's identity, not a business document. CBV's own `retail_selling` step is defined
/// on objects being sold, which is an observation of the goods at the stall. (If a platform wants the trade
/// voucher as a bizTransaction later, it can be added without changing the event type.)
///
/// Each event:
/// - `eventTime`: commit time in the trade's recorded local offset, milliseconds; `eventTimeZoneOffset` that offset;
/// - `eventID`: the CBV 2.0 event hash of the event (`EPCISEventHash`), so a resend is the same event;
/// - `bizStep`: short CBV form from the station kind (`StationKind.bizStep`);
/// - `readPoint`: the station, `bizLocation`: the node (`EPCISIdentifiers`);
/// - `quantityList`: one element, `epcClass` = the trace code's URI (the traded lot), `quantity` = kilograms as an
///   exact decimal without trailing zeros (1234 g → `1.234`), `uom` `KGM` (UN/ECE Rec. 20);
/// - extensions in the `tracegate` namespace: `productCode`, `productName`, `operatorCode`, `unitPriceFen`,
///   `amountFen` (integers), `parentCodes` (upstream codes as trace URIs; omitted when none), `buyer` (omitted
///   when empty).
public struct EPCISDocumentEncoder: Sendable {
    /// The format name used in configuration.
    public static let formatName = "epcis-2.0"
    /// The standard JSON-LD context of EPCIS 2.0.
    public static let standardContext = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"
    /// The JSON-LD prefix of TraceGate's extension terms.
    public static let extensionPrefix = "tracegate"

    /// The sending node.
    public var node: UplinkNode
    /// The URI scheme for nodes, stations and trace codes.
    public var identifiers: EPCISIdentifiers

    /// Creates an encoder.
    public init(node: UplinkNode, identifiers: EPCISIdentifiers = EPCISIdentifiers()) {
        self.node = node
        self.identifiers = identifiers
    }

    /// Prefix → namespace, for the hash of extension fields.
    public var context: [String: String] { [Self.extensionPrefix: identifiers.extensionNamespace] }

    /// The `EPCISDocument` for a batch. `creationDate` is the only input that is not a trade: it is when this
    /// document was made, passed in because the encoder does not read clocks. It is not part of any event hash.
    public func encode(_ batch: UplinkBatch, creationDate: Date, creationOffsetSeconds: Int = 0) -> UplinkRequestBody {
        let document: OrderedJSON = .object([
            (
                "@context",
                .array([
                    .string(Self.standardContext),
                    .object([(Self.extensionPrefix, .string(identifiers.extensionNamespace))]),
                ])
            ),
            ("type", .string("EPCISDocument")),
            ("schemaVersion", .string("2.0")),
            ("creationDate", .string(WireTime.local(creationDate, offsetSeconds: creationOffsetSeconds))),
            ("instanceIdentifier", .string(batch.id)),
            ("epcisBody", .object([("eventList", .array(batch.trades.map(event)))])),
        ])
        return UplinkRequestBody(
            bytes: document.bytes, contentType: "application/ld+json",
            headers: [UplinkHeader("GS1-EPCIS-Version", "2.0.0"), UplinkHeader("GS1-CBV-Version", "2.0.0")],
            batchID: batch.id)
    }

    /// One trade as an ObjectEvent, with its eventID.
    public func event(_ trade: Trade) -> OrderedJSON {
        let body = eventWithoutID(trade)
        // Cannot fail: eventWithoutID emits only fields EPCISEventHash supports, and tests hash every shape.
        let id = try! EPCISEventHash.id(of: body, context: context)
        guard case .object(var members) = body else { return body }
        members.insert(("eventID", .string(id)), at: 3)
        return .object(members)
    }

    /// The event's fields except `eventID` (the hash input).
    func eventWithoutID(_ trade: Trade) -> OrderedJSON {
        let draft = trade.draft
        let prefix = Self.extensionPrefix + ":"
        var members: [(String, OrderedJSON)] = [
            ("type", .string("ObjectEvent")),
            ("eventTime", .string(WireTime.local(trade.committedAt, offsetSeconds: trade.utcOffsetSeconds))),
            ("eventTimeZoneOffset", .string(WireTime.offset(trade.utcOffsetSeconds))),
            ("action", .string("OBSERVE")),
            ("bizStep", .string(node.stationKind(of: draft.station).bizStep)),
            ("readPoint", .object([("id", .string(identifiers.station(draft.station, node: draft.nodeCode)))])),
            ("bizLocation", .object([("id", .string(identifiers.node(draft.nodeCode)))])),
            (
                "quantityList",
                .array([
                    .object([
                        ("epcClass", .string(identifiers.traceCode(trade.traceCode))),
                        ("quantity", .number(DecimalText.minimal(draft.grams, scale: 3))),
                        ("uom", .string("KGM")),
                    ])
                ])
            ),
            (prefix + "productCode", .string(draft.productCode)),
            (prefix + "productName", .string(draft.productName)),
            (prefix + "operatorCode", .string(draft.operatorCode)),
            (prefix + "unitPriceFen", .integer(draft.unitPriceFen)),
            (prefix + "amountFen", .integer(draft.amountFen)),
        ]
        if !draft.parents.isEmpty {
            members.append((prefix + "parentCodes", .array(draft.parents.map { .string(identifiers.traceCode($0)) })))
        }
        if !draft.buyer.isEmpty { members.append((prefix + "buyer", .string(draft.buyer))) }
        return .object(members)
    }
}
