import Foundation
import Testing
import Uplink
import UplinkHTTP

/// city-form-json over a real loopback server.
@Suite struct CityFormTransportTests {
    /// `POST {base}/{method}` with `dataStr=<JSON>`; `{"success":true}` accepts every row.
    @Test func formPostAccepted() async throws {
        let batch = Fixtures.batch(2)
        let platform = TestPlatform()
        let reply = try await platform.run(answer: { _ in
            ScriptedAnswer(200, [("Content-Type", "text/html;charset=UTF-8")], body: #"{"success":true}"#)
        }) { port in
            try await Fixtures.send(batch, settings: Fixtures.settings(port: port, format: .cityFormJSON)).get()
        }
        #expect(reply.allAccepted)
        let request = try #require(platform.requests.first)
        #expect(request.path == "/api/sRetailSale")
        #expect(request.headers["content-type"] == "application/x-www-form-urlencoded; charset=UTF-8")
        let body = String(decoding: request.body, as: UTF8.self)
        #expect(body.hasPrefix("dataStr="))
        let json = try #require(
            body.dropFirst("dataStr=".count).replacingOccurrences(of: "+", with: " ").removingPercentEncoding)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["method"] as? String == "sRetailSale")
        #expect(object["size"] as? Int == 2)
    }

    /// `success:false` keeps the rows for retry with the platform's message.
    @Test func failureIsRetry() async throws {
        let reply = try await TestPlatform().run(answer: { _ in .json(#"{"success":false,"msg":"系统繁忙"}"#) }) { port in
            try await Fixtures.send(Fixtures.batch(1), settings: Fixtures.settings(port: port, format: .cityFormJSON))
                .get()
        }
        guard case .retryLater(_, let reason) = reply else {
            Issue.record("\(reply)")
            return
        }
        #expect(reason.contains("系统繁忙"))
    }

    /// A method name that is not a plain name is a configuration error.
    @Test func badMethodName() {
        var settings = Fixtures.settings(port: 1, format: .cityFormJSON)
        settings.cityFormMethod = "../admin"
        #expect(throws: HTTPUplinkConfigurationError.self) {
            try HTTPUplinkTransport(settings: settings, node: Fixtures.node)
        }
    }
}
