import Hummingbird
import NIOCore

/// The request context of the platform's routes: Hummingbird's core storage plus the connection's channel, which
/// fault injection needs to reset the TCP connection instead of answering.
struct PlatformContext: RequestContext {
    /// Hummingbird's per-request storage.
    var coreContext: CoreRequestContextStorage
    /// The connection the request arrived on.
    let channel: any Channel
    /// For an upload request: its arrival tick and whether its answer will be dropped (the receipts log).
    var receipt: ReceiptTicket?
    /// Fault injection will reset the connection instead of answering this request.
    var dropsAnswer = false

    /// Creates the context for one request.
    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}
