import Uplink

/// The transport used when no HTTP layer is linked into the gateway: every send fails with a configuration
/// error, so trades stay pending and `sync status` says why. The `tracegate` executable plugs the real
/// transport in through `GatewayOptions.makeUplinkTransport`.
struct UnlinkedUplinkTransport: UplinkTransport {
    /// The platform's name.
    let platformName: String

    /// The configured limits are all that applies.
    func batchLimits() async -> UplinkBatchLimits { UplinkBatchLimits(maxTrades: .max, maxBytes: .max) }

    /// Always fails: nothing can be sent.
    func send(_ batch: UplinkBatch) async throws(UplinkSendError) -> BatchReply {
        throw UplinkSendError(
            .configuration,
            "no HTTP uplink is linked into this gateway build, so platform \(platformName) cannot be reached; "
                + "trades stay pending. Use a tracegate build with the HTTP uplink.")
    }
}
