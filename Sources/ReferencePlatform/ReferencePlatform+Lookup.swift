import Foundation
import Hummingbird
import Uplink

/// The human lookup pages (no token needed: read-only, for the demo): `GET /`, `GET /trace?code=`,
/// `GET /trace/{code}`.
extension ReferencePlatform {
    /// The search form with a one-line summary.
    func lookupHome(_ request: Request, _ context: PlatformContext) async throws -> Response {
        let counts = try await store.counts()
        return PlatformResponse.html(
            LookupPage.search(stats: "本平台共 \(counts.total) 笔交易 · \(counts.total) trades held"))
    }

    /// The form's target: redirects to `/trace/{code}`.
    func lookupQuery(_ request: Request, _ context: PlatformContext) async throws -> Response {
        let code = (request.uri.queryParameters.get("code") ?? "").trimmingCharacters(in: .whitespaces)
        guard !code.isEmpty else {
            return PlatformResponse.html(LookupPage.search(notice: "请输入追溯码 Enter a trace code."))
        }
        return Response(status: .seeOther, headers: [.location: "/trace/" + PercentEncoding.unreserved(code)])
    }

    /// One code with its chain of parents.
    func lookupTrace(_ request: Request, _ context: PlatformContext) async throws -> Response {
        let raw = context.parameters.get("code") ?? ""
        let code = raw.removingPercentEncoding ?? raw
        let store = self.store
        let chain = try await TraceChain.build(code: code) { try await store.trade(code: $0) }
        return PlatformResponse.html(LookupPage.trace(chain), status: chain.trade == nil ? .notFound : .ok)
    }
}
