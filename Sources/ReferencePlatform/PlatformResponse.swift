import Foundation
import Hummingbird
import NIOCore
import Uplink

/// Building the platform's answers.
enum PlatformResponse {
    /// JSON bytes with a status.
    static func json(
        _ bytes: [UInt8], status: HTTPResponse.Status = .ok, contentType: String = "application/json; charset=utf-8",
        headers: HTTPFields = [:]
    ) -> Response {
        var fields = headers
        fields[.contentType] = contentType
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// An ordered JSON document.
    static func json(_ document: OrderedJSON, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:])
        -> Response
    {
        json(document.bytes, status: status, headers: headers)
    }

    /// A Codable value (admin answers), keys sorted.
    static func encoded(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return json(Array(data), status: status)
    }

    /// An `application/problem+json` answer.
    static func problem(_ problem: HTTPProblem, headers: HTTPFields = [:]) -> Response {
        json(
            problem.json.bytes, status: HTTPResponse.Status(code: problem.status),
            contentType: "application/problem+json", headers: headers)
    }

    /// An HTML page.
    static func html(_ page: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: page)))
    }

    /// A fault answer with `Retry-After`.
    static func retryLater(_ status: HTTPResponse.Status, seconds: Int, detail: String) -> Response {
        var headers = HTTPFields()
        headers[.retryAfter] = String(seconds)
        return problem(
            HTTPProblem(status: Int(status.code), title: status.reasonPhrase, detail: detail), headers: headers)
    }
}
