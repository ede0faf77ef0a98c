import Crypto

/// The CBV 2.0 EPCIS event hash ID (`ni:///sha-256;<hex>?ver=CBV2.0`), computed from an event's JSON.
///
/// Source: CBV 2.0 §8.9 "EPCIS Event Hash ID" and its reference implementation
/// (github.com/RalphTro/epcis-event-hash-generator, README "Algorithm" rules 1–24 and the canonical property
/// order). The pre-hash string concatenates, without separators, in this order: `eventType=`, `eventTime=`
/// (UTC, milliseconds, `Z`), `eventTimeZoneOffset=`, `epcList` + `epc=`… (sorted), `quantityList` +
/// `quantityElementepcClass=…quantity=…uom=…` (elements sorted), `action=`, `bizStep=` and `disposition=`
/// (bare CBV terms expanded to `https://ref.gs1.org/cbv/BizStep-…` / `Disp-…`), `readPointid=`,
/// `bizLocationid=`, then every user extension as `{namespace}name=value` (array elements one each), sorted.
/// `eventID` and `recordTime` are not part of it. Values are trimmed; quantities have no trailing zeros.
///
/// Implemented subset: exactly the fields above, which are all TraceGate emits. Not implemented (an event
/// using them gets an `EPCISHashError`, never a wrong hash): parentID/child lists, input/output lists,
/// bizTransaction/source/destination lists, sensor elements, ILMD, persistentDisposition, nested extension
/// objects, and the EPC URN → GS1 Digital Link conversion (rule 17; we emit no `urn:epc:` identifiers).
///
/// Cross-checked in tests against published pre-hash/hash pairs of the reference implementation.
public enum EPCISEventHash {
    /// Fields that may appear and how they are handled; anything else must be a prefixed extension.
    static let known: Set<String> = [
        "type", "eventTime", "eventTimeZoneOffset", "eventID", "recordTime", "epcList", "quantityList", "action",
        "bizStep", "disposition", "readPoint", "bizLocation",
    ]

    /// The hash ID of an event given as JSON. `context` maps JSON-LD prefixes to namespaces for extensions.
    public static func id(of event: OrderedJSON, context: [String: String]) throws(EPCISHashError) -> String {
        id(preHash: try preHash(of: event, context: context))
    }

    /// `ni:///sha-256;<hex>?ver=CBV2.0` of a pre-hash string.
    public static func id(preHash: String) -> String {
        let digest = SHA256.hash(data: Array(preHash.utf8))
        let hex = digest.map { byte in (byte < 16 ? "0" : "") + String(byte, radix: 16) }.joined()
        return "ni:///sha-256;" + hex + "?ver=CBV2.0"
    }

    /// The canonical pre-hash string of an event (order of keys in `event` does not matter).
    public static func preHash(of event: OrderedJSON, context: [String: String]) throws(EPCISHashError) -> String {
        guard case .object(let members) = event else { throw EPCISHashError("an event must be a JSON object") }
        var fields: [String: OrderedJSON] = [:]
        for (key, value) in members {
            guard fields[key] == nil else { throw EPCISHashError("duplicate key \(key)") }
            fields[key] = value
        }
        var out = ""
        out += "eventType=" + (try string(fields["type"], "type"))
        out += "eventTime=" + (try utcTime(try string(fields["eventTime"], "eventTime")))
        out += "eventTimeZoneOffset=" + (try string(fields["eventTimeZoneOffset"], "eventTimeZoneOffset"))
        if let epcs = fields["epcList"] {
            out += "epcList" + (try strings(epcs, "epcList")).sorted(by: utf8Less).map { "epc=" + $0 }.joined()
        }
        if let quantities = fields["quantityList"] {
            out += "quantityList" + (try quantityElements(quantities)).sorted(by: utf8Less).joined()
        }
        if let action = fields["action"] { out += "action=" + (try string(action, "action")) }
        if let step = fields["bizStep"] { out += "bizStep=" + cbv(try string(step, "bizStep"), kind: "BizStep") }
        if let disp = fields["disposition"] {
            out += "disposition=" + cbv(try string(disp, "disposition"), kind: "Disp")
        }
        if let point = fields["readPoint"] { out += "readPointid=" + (try identified(point, "readPoint")) }
        if let location = fields["bizLocation"] { out += "bizLocationid=" + (try identified(location, "bizLocation")) }

        var extensions: [String] = []
        for (key, value) in members where !known.contains(key) && key != "@context" {
            let parts = key.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, let namespace = context[String(parts[0])] else {
                throw EPCISHashError(
                    "field \(key) is neither supported nor a prefixed extension with a known namespace")
            }
            let name = "{" + namespace + "}" + parts[1]
            switch value {
            case .array(let elements):
                for element in elements { extensions.append(name + "=" + (try scalar(element, key))) }
            default: extensions.append(name + "=" + (try scalar(value, key)))
            }
        }
        out += extensions.sorted(by: utf8Less).joined()
        return out
    }

    /// Rule 10: case-sensitive ordering by UTF-8 code units.
    static func utf8Less(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }

    /// Rules 14 and 16: CBV terms as GS1 Web URIs.
    static func cbv(_ value: String, kind: String) -> String {
        let urnPrefix = kind == "BizStep" ? "urn:epcglobal:cbv:bizstep:" : "urn:epcglobal:cbv:disp:"
        if value.hasPrefix(urnPrefix) { return "https://ref.gs1.org/cbv/\(kind)-" + value.dropFirst(urnPrefix.count) }
        if value.contains(":") { return value }
        return "https://ref.gs1.org/cbv/\(kind)-" + value
    }

    private static func quantityElements(_ value: OrderedJSON) throws(EPCISHashError) -> [String] {
        guard case .array(let elements) = value else { throw EPCISHashError("quantityList must be an array") }
        var out: [String] = []
        for element in elements {
            guard case .object(let members) = element else { throw EPCISHashError("quantityElement must be an object") }
            let fields = Dictionary(members, uniquingKeysWith: { first, _ in first })
            var text = "quantityElementepcClass=" + (try string(fields["epcClass"], "epcClass"))
            if let quantity = fields["quantity"] {
                guard case .number(let number) = quantity else { throw EPCISHashError("quantity must be a number") }
                text += "quantity=" + trimZeros(number)
            }
            if let uom = fields["uom"] { text += "uom=" + (try string(uom, "uom")) }
            out.append(text)
        }
        return out
    }

    /// Rule 6: no trailing zeros (`1.200` → `1.2`, `2.0` → `2`).
    static func trimZeros(_ number: String) -> String {
        guard number.contains("."), !number.contains("e"), !number.contains("E") else { return number }
        var text = number
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    private static func identified(_ value: OrderedJSON, _ key: String) throws(EPCISHashError) -> String {
        guard case .object(let members) = value, members.count == 1, members[0].0 == "id" else {
            throw EPCISHashError("\(key) must be {\"id\": …} (extensions inside it are not supported)")
        }
        return try string(members[0].1, key)
    }

    private static func string(_ value: OrderedJSON?, _ key: String) throws(EPCISHashError) -> String {
        guard case .string(let text)? = value else { throw EPCISHashError("\(key) must be a string") }
        return text.trimmingWhitespace()
    }

    private static func strings(_ value: OrderedJSON, _ key: String) throws(EPCISHashError) -> [String] {
        guard case .array(let elements) = value else { throw EPCISHashError("\(key) must be an array") }
        var out: [String] = []
        for element in elements { out.append(try string(element, key)) }
        return out
    }

    private static func scalar(_ value: OrderedJSON, _ key: String) throws(EPCISHashError) -> String {
        switch value {
        case .string(let text): return text.trimmingWhitespace()
        case .number(let number): return trimZeros(number)
        case .bool(let flag): return flag ? "true" : "false"
        default: throw EPCISHashError("extension \(key): nested objects and null are not supported")
        }
    }

    /// Rules 8–9: `2026-11-22T18:15:30.123+08:00` → `2026-11-22T10:15:30.123Z`.
    static func utcTime(_ text: String) throws(EPCISHashError) -> String {
        guard let parsed = RFC3339.parse(text) else { throw EPCISHashError("eventTime '\(text)' is not RFC 3339") }
        return WireTime.utc(parsed)
    }
}

extension String {
    /// Without leading and trailing whitespace (rule 5).
    fileprivate func trimmingWhitespace() -> String {
        var scalars = Substring(self).unicodeScalars
        while let first = scalars.first, first.properties.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
