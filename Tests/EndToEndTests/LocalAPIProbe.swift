import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Reads the daemon's local API on 127.0.0.1 (the only address the tests talk to).
struct LocalAPIProbe: Sendable {
    /// The port the daemon reported.
    var port: Int

    /// `GET path` and the body decoded as `T`; throws on a non-200 answer.
    func get<T: Decodable>(_ path: String, as type: T.Type) async throws -> T {
        guard let url = URL(string: "http://127.0.0.1:\(port)\(path)") else { throw TestFailure("bad path \(path)") }
        var request = URLRequest(url: url)
        request.timeoutInterval = 10
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard status == 200 else {
            throw TestFailure("GET \(path) answered \(status): \(String(decoding: data, as: UTF8.self))")
        }
        return try JSONDecoder().decode(T.self, from: data)
    }

    /// `GET /devices`.
    func devices() async throws -> [DeviceLine] { try await get("/devices", as: [DeviceLine].self) }

    /// A device as `GET /devices` shows it (only the fields the tests read).
    struct DeviceLine: Decodable, Sendable {
        /// Device id.
        var id: String
        /// Path opened.
        var path: String
        /// "connected", "waitingForDevice: …", …
        var state: String
    }
}
