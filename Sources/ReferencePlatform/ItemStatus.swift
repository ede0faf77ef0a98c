/// What the platform did with one item of a request; the words are tracegate-v1's `ItemResult.status`.
enum ItemStatus: Sendable, Hashable {
    /// Stored now.
    case accepted
    /// Already held (by trace code or EPCIS eventID); counts as accepted.
    case duplicate
    /// Refused for good.
    case rejected(String)
    /// Not stored; send again later.
    case retry(String)

    /// The status word.
    var word: String {
        switch self {
        case .accepted: "accepted"
        case .duplicate: "duplicate"
        case .rejected: "rejected"
        case .retry: "retry"
        }
    }

    /// The reason, for rejected and retry.
    var reason: String? {
        switch self {
        case .accepted, .duplicate: nil
        case .rejected(let reason), .retry(let reason): reason
        }
    }
}
