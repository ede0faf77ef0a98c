/// The wire format a platform speaks (docs/uplink-http.md): chosen per platform in the configuration, spoken by
/// the HTTP transport.
public enum UplinkFormat: String, Sendable, Hashable, CaseIterable {
    /// `POST {base}/v1/trades:batch` (docs/uplink-openapi.yaml).
    case tracegateV1 = "tracegate-v1"
    /// `POST {base}/capture` + capture job polling (GS1 EPCIS 2.0, domain.md §3).
    case epcis20 = "epcis-2.0"
    /// `POST {base}/{method}` with `dataStr=<JSON>` (domain.md §1.5).
    case cityFormJSON = "city-form-json"
}
