import Foundation
import Uplink

/// Reads a `city-form-json` upload (domain.md §1.5; Sources/Uplink/CityForm): form body `dataStr=<JSON>` with
/// `{"method":…,"list":[rows],"size":n}`, rows named by a `CityFormFieldMapping` (the retail default unless the
/// platform is configured otherwise). Kilograms and yuan come back to grams and fen.
enum CityFormDecoder {
    /// A decoded upload.
    struct Upload: Sendable {
        /// The method named in the JSON.
        var method: String
        /// One trade per row.
        var trades: [PlatformTrade]
    }

    /// Why an upload cannot be read; answered `{"success":false,"message":…}`.
    struct Failure: Error, Sendable {
        /// For the operator.
        var message: String
    }

    /// Decodes a form body.
    static func decode(_ body: [UInt8], mapping: CityFormFieldMapping) throws(Failure) -> Upload {
        let form = String(decoding: body, as: UTF8.self)
        let pairs = form.split(separator: "&").map { $0.split(separator: "=", maxSplits: 1).map(String.init) }
        guard let raw = pairs.first(where: { $0.first == "dataStr" }), raw.count == 2 else {
            throw Failure(message: "no dataStr field in the form body")
        }
        guard let json = formDecode(raw[1]),
            let root = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        else { throw Failure(message: "dataStr is not a JSON object") }
        guard let list = root["list"] as? [[String: Any]] else { throw Failure(message: "dataStr has no list of rows") }
        if let size = (root["size"] as? NSNumber)?.intValue, size != list.count {
            throw Failure(message: "size says \(size) rows but list has \(list.count)")
        }
        var names: [CityFormField: String] = [:]
        for column in mapping.columns { names[column.field] = column.name }
        let trades = try list.enumerated().map { (index, row) throws(Failure) -> PlatformTrade in
            func text(_ field: CityFormField) -> String {
                guard let name = names[field], let value = row[name] else { return "" }
                if let string = value as? String { return string }
                return "\(value)"
            }
            func scaled(_ field: CityFormField, by factor: Double) -> Int64 {
                guard let name = names[field], let value = row[name] else { return 0 }
                let number = (value as? NSNumber)?.doubleValue ?? Double(value as? String ?? "") ?? 0
                return Int64((number * factor).rounded())
            }
            let code = text(.traceCode)
            guard !code.isEmpty else {
                throw Failure(message: "row \(index) has no \(names[.traceCode] ?? "trace code") value")
            }
            let parents = text(.parents).split(separator: ",").map(String.init)
            return PlatformTrade(
                traceCode: code, station: text(.station), stationKind: "", nodeCode: text(.nodeCode),
                nodeName: text(.nodeName), operatorCode: text(.operatorCode), productCode: text(.productCode),
                productName: text(.productName), grams: scaled(.weightKilograms, by: 1000),
                unitPriceFen: scaled(.unitPriceYuanPerKilogram, by: 100), amountFen: scaled(.amountYuan, by: 100),
                parents: parents, buyer: text(.buyer), committedAt: text(.saleTime), utcOffset: "", ledgerID: 0,
                prevHash: "", hash: "")
        }
        return Upload(method: root["method"] as? String ?? "", trades: trades)
    }

    /// `application/x-www-form-urlencoded` value decoding: `+` is a space, `%XX` a byte (UTF-8).
    static func formDecode(_ text: String) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
