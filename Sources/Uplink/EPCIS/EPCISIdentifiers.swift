/// The URIs TraceGate uses inside EPCIS documents for things that have no GS1 key.
///
/// Nodes, stalls and trace codes are MOFCOM identities (domain.md §1.2), not GLNs or GTINs, so GS1 EPC URNs
/// (`urn:epc:id:sgln:…`) or Digital Link URIs (`https://id.gs1.org/414/…`) cannot express them without inventing
/// company prefixes. EPCIS 2.0 accepts any URI for `readPoint`, `bizLocation` and `epcClass` (the schema's
/// `uri` type), so we use one private URN scheme under a configurable prefix (default `urn:tracegate:`):
///
/// | what | URI |
/// |---|---|
/// | business location: the node | `urn:tracegate:node:330102001` |
/// | read point: the station at the node | `urn:tracegate:node:330102001:station:stall-1` |
/// | the traded lot: its trace code | `urn:tracegate:trace:33010200100010000027` |
/// | extension terms (JSON-LD prefix `tracegate`) | `urn:tracegate:epcis:` + name |
///
/// The node code leads so that an identifier stays unique across every gateway of a city. `tracegate` is not a
/// registered URN namespace (RFC 8141); a platform that prefers its own (e.g. `https://trace.example.gov.cn/id/`)
/// sets the prefix. Characters outside RFC 3986 "unreserved" (and `:`) are percent-encoded as UTF-8.
public struct EPCISIdentifiers: Sendable, Hashable {
    /// Prefix of every identifier, e.g. `urn:tracegate:`.
    public var prefix: String

    /// Creates the scheme with this prefix.
    public init(prefix: String = "urn:tracegate:") { self.prefix = prefix }

    /// The node as a business location.
    public func node(_ nodeCode: String) -> String { prefix + "node:" + PercentEncoding.unreserved(nodeCode) }

    /// The station as a read point.
    public func station(_ station: String, node nodeCode: String) -> String {
        node(nodeCode) + ":station:" + PercentEncoding.unreserved(station)
    }

    /// A trace code (or an upstream code) as a lot identifier.
    public func traceCode(_ code: String) -> String { prefix + "trace:" + PercentEncoding.unreserved(code) }

    /// The namespace of TraceGate's extension terms.
    public var extensionNamespace: String { prefix + "epcis:" }
}
