import UplinkHTTP

extension HTTPUplinkSettings {
    /// The HTTP transport's settings for one validated `uplink.platforms[]` entry.
    init(_ platform: UplinkPlatformSettings) {
        var base = platform.url.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        self.init(
            name: platform.name, baseURL: base, format: platform.format, cityFormMethod: platform.cityFormMethod ?? "",
            tokenFile: platform.tokenFile, caBundleFile: platform.caFile,
            clientCertificateFile: platform.clientCertificate, clientKeyFile: platform.clientKey, gzip: platform.gzip,
            timeoutSeconds: Double(platform.timeoutMilliseconds) / 1000, maxBatchTrades: platform.maxBatchTrades,
            maxBatchBytes: platform.maxBatchBytes)
    }
}
