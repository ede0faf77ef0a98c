/// A coding key named at run time (`"success"`, a document's list key), for containers whose keys are not a
/// fixed enum.
public struct NamedCodingKey: CodingKey, Sendable, Hashable {
    /// The name.
    public var stringValue: String
    /// Never an index.
    public var intValue: Int? { nil }

    /// The key `name`.
    public init(_ name: String) { stringValue = name }
    /// The key `stringValue`.
    public init(stringValue: String) { self.stringValue = stringValue }
    /// No index keys.
    public init?(intValue: Int) { nil }
}
