import TraceModel

/// The one-line JSON form of decoder events printed by `tracegate decode` and used by golden fixtures.
///
/// Keys come in a fixed order with no spaces, so the output can be compared as text:
/// `{"type":"weight","grams":1234,"stable":true,"net":false,"overload":false,"underload":false}`
/// (`net` omitted when unknown), `{"type":"barcode","data":"…","symbology":"]E0"}` (`symbology` omitted
/// when absent), `{"type":"tag","technology":"fdx-b","id":"982 000001088420",…}` (see `tagLine`),
/// `{"type":"error","reason":"…","bytes":"0241…"}` (uppercase hex of the discarded bytes).
public enum DecodeOutput {
    /// The JSON line for `event`, without a trailing newline.
    public static func jsonLine(_ event: DeviceEvent) -> String {
        switch event {
        case .weight(let reading):
            var line = "{\"type\":\"weight\",\"grams\":\(reading.grams),\"stable\":\(reading.stable)"
            if let net = reading.net { line += ",\"net\":\(net)" }
            line += ",\"overload\":\(reading.overload),\"underload\":\(reading.underload)}"
            return line
        case .barcode(let read):
            var line = "{\"type\":\"barcode\",\"data\":\(quoted(read.data))"
            if let symbology = read.symbology { line += ",\"symbology\":\(quoted(symbology))" }
            return line + "}"
        case .tag(let tag):
            return tagLine(tag)
        case .frameError(let error):
            return "{\"type\":\"error\",\"reason\":\(quoted(error.reason)),\"bytes\":\"\(ByteText.hex(error.bytes))\"}"
        }
    }

    /// The line of a tag read: `type`, `technology`, `id`, then the optional keys in the fixed order
    /// `decimal`, `country`, `national`, `animal`, `uri`, `gtin`, `serial`, `antenna`, `rssi` (absent ones left out).
    static func tagLine(_ tag: TagRead) -> String {
        var line = "{\"type\":\"tag\",\"technology\":\"\(tag.technology.rawValue)\",\"id\":\(quoted(tag.id))"
        if let decimal = tag.decimal { line += ",\"decimal\":\(quoted(decimal))" }
        if let country = tag.country { line += ",\"country\":\(country)" }
        if let national = tag.nationalID { line += ",\"national\":\(national)" }
        if let animal = tag.animal { line += ",\"animal\":\(animal)" }
        if let uri = tag.uri { line += ",\"uri\":\(quoted(uri))" }
        if let gtin = tag.gtin { line += ",\"gtin\":\(quoted(gtin))" }
        if let serial = tag.itemSerial { line += ",\"serial\":\(quoted(serial))" }
        if let antenna = tag.antenna { line += ",\"antenna\":\(antenna)" }
        if let rssi = tag.rssi { line += ",\"rssi\":\(rssi)" }
        return line + "}"
    }

    /// `text` as a JSON string literal: quotes, backslashes and every control character escaped
    /// (GS becomes `\u001d`); other characters, including non-ASCII, are kept as UTF-8.
    static func quoted(_ text: String) -> String {
        var out: [UInt8] = []
        JSONString.append(text, to: &out, escapingDelete: true)
        return String(decoding: out, as: UTF8.self)
    }
}
