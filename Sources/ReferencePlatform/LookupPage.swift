import Foundation
import Uplink

/// The human lookup pages: `GET /` (a search form) and `GET /trace/{code}` (a trade and its chain of parents),
/// with Chinese and English labels. Every value from a trade is HTML-escaped.
enum LookupPage {
    /// The search page; `notice` is shown above the form (escaped).
    static func search(notice: String? = nil, stats: String? = nil) -> String {
        var body = "<h1>追溯查询 Trace lookup</h1>\n"
        if let notice { body += "<p class=\"notice\">\(HTMLText.escape(notice))</p>\n" }
        body += """
            <form method="get" action="/trace">
            <label for="code">追溯码 Trace code</label>
            <input id="code" name="code" size="28" autofocus>
            <button type="submit">查询 Look up</button>
            </form>

            """
        if let stats { body += "<p>\(HTMLText.escape(stats))</p>\n" }
        return page(title: "追溯查询 Trace lookup", body: body)
    }

    /// The page of one code's chain.
    static func trace(_ chain: TraceChain) -> String {
        let code = HTMLText.escape(chain.code)
        var body = "<p><a href=\"/\">← 查询 Search</a></p>\n<h1>追溯码 Trace code \(code)</h1>\n"
        if chain.trade == nil {
            body += "<p class=\"notice\">本平台无此追溯码记录 — the platform holds no trade with this code.</p>\n"
        } else {
            body += "<h2>来源链 Chain of parents</h2>\n<ul class=\"chain\">\n" + node(chain) + "</ul>\n"
        }
        return page(title: "追溯码 \(code)", body: body)
    }

    /// One chain node as a list item with its trade table and its parents nested below.
    private static func node(_ chain: TraceChain) -> String {
        let code = HTMLText.escape(chain.code)
        let link = "<a href=\"/trace/\(HTMLText.escape(PercentEncoding.unreserved(chain.code)))\">\(code)</a>"
        guard let stored = chain.trade else {
            let note = chain.repeated ? "已在链中 already listed above" : "本平台无记录 not held by this platform"
            return "<li><span class=\"code\">\(link)</span> <em>\(note)</em></li>\n"
        }
        var out = "<li><span class=\"code\">\(link)</span>\n" + table(stored)
        if !chain.parents.isEmpty {
            out += "<ul>\n" + chain.parents.map(node).joined() + "</ul>\n"
        }
        return out + "</li>\n"
    }

    /// The trade's fields.
    private static func table(_ stored: StoredTrade) -> String {
        let t = stored.trade
        let rows: [(String, String)] = [
            ("商品 Product", "\(t.productName) (\(t.productCode))"),
            ("重量 Weight", grams(t.grams)),
            ("单价 Unit price", yuan(t.unitPriceFen) + " 元/kg"),
            ("金额 Amount", yuan(t.amountFen) + " 元"),
            ("经营者 Operator", t.operatorCode),
            ("节点 Node", t.nodeName.isEmpty ? t.nodeCode : "\(t.nodeName) (\(t.nodeCode))"),
            ("摊位 Station", t.stationKind.isEmpty ? t.station : "\(t.station) (\(t.stationKind))"),
            ("交易时间 Traded at", t.utcOffset.isEmpty ? t.committedAt : "\(t.committedAt) (\(t.utcOffset))"),
            ("来源 Parents", t.parents.isEmpty ? "—" : t.parents.joined(separator: ", ")),
            ("购买者 Buyer", t.buyer.isEmpty ? "—" : t.buyer),
            ("上报 Received", "\(stored.receivedAt) · \(stored.format) · #\(stored.sequence)"),
        ]
        return "<table>\n"
            + rows.map { "<tr><th>\(HTMLText.escape($0.0))</th><td>\(HTMLText.escape($0.1))</td></tr>\n" }.joined()
            + "</table>\n"
    }

    /// `1.234 kg` from grams, exactly.
    static func grams(_ grams: Int64) -> String {
        let sign = grams < 0 ? "-" : ""
        let magnitude = grams.magnitude
        let fraction = String(magnitude % 1000)
        return "\(sign)\(magnitude / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction) kg"
    }

    /// `37.02` from fen, exactly.
    static func yuan(_ fen: Int64) -> String {
        let sign = fen < 0 ? "-" : ""
        let magnitude = fen.magnitude
        let fraction = String(magnitude % 100)
        return "\(sign)\(magnitude / 100).\(fraction.count < 2 ? "0" : "")\(fraction)"
    }

    /// A whole page.
    private static func page(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="zh-CN">
        <head>
        <meta charset="utf-8">
        <title>\(title)</title>
        <style>
        body { font-family: sans-serif; margin: 2em; max-width: 60em; }
        table { border-collapse: collapse; margin: 0.3em 0 1em; }
        th, td { border: 1px solid #ccc; padding: 0.2em 0.6em; text-align: left; }
        th { background: #f4f4f4; font-weight: normal; }
        .code { font-family: monospace; font-size: 1.1em; }
        .notice { color: #a40; }
        </style>
        </head>
        <body>
        \(body)</body>
        </html>

        """
    }
}
