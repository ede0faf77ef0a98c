import Foundation
import Hummingbird

/// Master data (downlink): `GET /v1/master/{catalogue|operators|stop-orders}` with strong ETags and 304, and
/// `PUT /admin/master/{kind}` to publish a change.
extension ReferencePlatform {
    /// `GET /v1/master/{kind}` (`?node=` is accepted; every node gets the same documents).
    func masterDocument(_ request: Request, _ context: PlatformContext) async throws -> Response {
        let kind: MasterDataKind
        do { kind = try masterDataKind(context) } catch { return PlatformResponse.problem(error) }
        let document = master.document(kind)
        var headers = HTTPFields()
        headers[.eTag] = document.etag
        headers[.cacheControl] = "no-cache"
        if let condition = request.headers[.ifNoneMatch],
            MasterDataPublisher.matches(ifNoneMatch: condition, etag: document.etag)
        {
            counters.withLock { $0.masterNotModified += 1 }
            return Response(status: .notModified, headers: headers)
        }
        counters.withLock { $0.masterServed += 1 }
        return PlatformResponse.json(document.body, headers: headers)
    }

    /// `PUT /admin/master/{kind}`: replaces that list; answers the new document.
    func adminSetMaster(_ request: Request, _ context: PlatformContext) async throws -> Response {
        let kind: MasterDataKind
        do { kind = try masterDataKind(context) } catch { return PlatformResponse.problem(error) }
        do {
            let bytes = try await body(of: request, limit: configuration.maxBodyBytes)
            try master.replace(kind, body: bytes)
        } catch {
            return PlatformResponse.problem(error)
        }
        let document = master.document(kind)
        var headers = HTTPFields()
        headers[.eTag] = document.etag
        return PlatformResponse.json(document.body, headers: headers)
    }

    /// The `{kind}` path parameter; a 404 that lists the documents when it names none.
    private func masterDataKind(_ context: PlatformContext) throws(HTTPProblem) -> MasterDataKind {
        let name = context.parameters.get("kind") ?? ""
        guard let kind = MasterDataKind(rawValue: name) else {
            throw HTTPProblem(
                status: 404, title: "Not Found",
                detail: "no master data '\(name)'; use catalogue, operators or stop-orders")
        }
        return kind
    }
}
