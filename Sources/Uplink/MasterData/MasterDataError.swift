/// A master data document (catalogue, operator registry, stop orders) that cannot be used as sent.
/// The gateway keeps the copy it has and shows this message; it never applies half a document.
public struct MasterDataError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Which document (`catalogue`, `operators`, `stop-orders`).
    public var document: String
    /// What is wrong, naming the entry (index and key) when there is one.
    public var message: String

    /// Creates an error.
    public init(document: String, _ message: String) {
        self.document = document
        self.message = message
    }

    /// `master data catalogue: items[3].code is empty`.
    public var description: String { "master data \(document): \(message)" }
}
