import DeviceProtocols
import TraceModel

/// A simulated RFID reader: tags from a small population enter its field, stay a few seconds and leave.
///
/// Continuous readers (`fdx-b-ascii`, `fdx-b-binary`, `em4100`, `iso14443-serial`) repeat the read of the
/// tag in the field every `readIntervalMilliseconds`, as real ones do, so the gateway's duplicate-read
/// window decides what counts. Polled readers (`uhf-r2000`, `uhf-chafon`) answer their inventory command
/// with the tags currently in the field. A tag that left stays away at least `minimumAbsenceMilliseconds`,
/// longer than the usual 2 s window, so every visit is one event after the filter. Pure and seeded.
public struct RFIDReaderSimulation: Sendable {
    /// One stay of a tag in the field.
    public struct Visit: Sendable, Hashable {
        /// The tag.
        public let tag: SimulatedTag
        /// When it entered.
        public let enteredAtMilliseconds: Int
        /// When it left; nil while it is still in the field.
        public internal(set) var leftAtMilliseconds: Int?
    }

    /// The protocols that can be simulated: every catalogue entry with a tag encoder.
    public static var protocolNames: [String] { ProtocolCatalog.simulatedReaderProtocols }
    /// How often a continuous reader repeats the read of a tag in its field (5 reads a second).
    public static let readIntervalMilliseconds = 200
    /// How long a tag that left stays away before it may come back.
    public static let minimumAbsenceMilliseconds = 3000
    /// The simulation's time step.
    static let tickMilliseconds = 100

    /// The protocol name.
    public let protocolName: String
    /// The tags this reader may see.
    public let population: [SimulatedTag]
    /// Every visit so far, in order of entry.
    public private(set) var visits: [Visit] = []
    /// Every tag read put on the wire, in order (repeats included).
    public private(set) var emitted: [SimulatedTag] = []
    /// Simulation time so far.
    public private(set) var elapsedMilliseconds = 0

    /// How tags go on the wire (the descriptor's tag encoder; a polled responder counts its rounds).
    private var wire: TagWireEncoder
    /// How many tags the field holds at once.
    private let capacity: Int
    /// Randomness for arrivals, stays and the choice of tags.
    private var random: SeededGenerator
    /// Time not yet simulated (less than one tick).
    private var pendingMilliseconds = 0
    /// When the next tag may enter.
    private var nextArrivalMilliseconds = 500
    /// Index into `visits` of each tag in the field, with its departure time and next repeat.
    private var present: [(visit: Int, leavesAt: Int, nextReadAt: Int)] = []

    /// Creates a reader for `protocolName` (one of `protocolNames`); `population` replaces the sample tags
    /// (e.g. the cards `tracegate-tools simulate card --uids` names; their payload must suit the protocol).
    ///
    /// - Throws: `ProtocolConfigurationError` naming the protocols that can be simulated.
    public init(protocolName: String, seed: UInt64, population custom: [SimulatedTag]? = nil)
        throws(ProtocolConfigurationError)
    {
        guard let wire = ProtocolCatalog.descriptor(named: protocolName)?.tagEncoder else {
            throw ProtocolConfigurationError(
                option: nil,
                message: "cannot simulate RFID protocol '\(protocolName)'; simulated readers: "
                    + Self.protocolNames.joined(separator: ", "))
        }
        var random = SeededGenerator(seed: seed)
        let population = SampleTags.population(of: wire.payloadKind, using: &random)
        self.wire = wire
        self.protocolName = protocolName
        self.population = custom ?? population
        self.random = random
        // Low-frequency and HF readers have no anticollision: one tag at a time. UHF readers see several.
        if case .continuous = wire { capacity = 1 } else { capacity = 3 }
    }

    /// Whether the reader only speaks when asked (`respond(to:)`).
    public var isPolled: Bool {
        if case .continuous = wire { return false }
        return true
    }

    /// The tags in the field now.
    public var inField: [SimulatedTag] { present.map { visits[$0.visit].tag } }

    /// Advances time; returns what a continuous reader sent meanwhile (nothing for polled readers).
    public mutating func step(elapsedMilliseconds milliseconds: Int) -> [UInt8] {
        pendingMilliseconds += max(0, milliseconds)
        var bytes: [UInt8] = []
        while pendingMilliseconds >= Self.tickMilliseconds {
            pendingMilliseconds -= Self.tickMilliseconds
            elapsedMilliseconds += Self.tickMilliseconds
            moveTags()
            guard case .continuous(_, let encode) = wire else { continue }
            for index in present.indices where present[index].nextReadAt <= elapsedMilliseconds {
                present[index].nextReadAt += Self.readIntervalMilliseconds
                let tag = visits[present[index].visit].tag
                emitted.append(tag)
                bytes += encode(tag.payload)
            }
        }
        return bytes
    }

    /// A polled reader's reply to `request`: tag records for the tags in the field when it is the
    /// inventory command, the protocol's error reply otherwise. Continuous readers ignore requests.
    public mutating func respond(to request: [UInt8]) -> [UInt8] {
        guard case .polled(let kind, var responder) = wire else { return [] }
        let tags = inField
        let reply = responder.reply(to: request, tagsInField: tags.map(\.payload))
        wire = .polled(payload: kind, responder: responder)
        // The reply reports the tags in the field or none (an error reply, or an empty field).
        if !reply.reported.isEmpty { emitted += tags }
        return reply.bytes
    }

    /// Lets tags whose stay is over leave, and a new tag enter when it is time and there is room.
    private mutating func moveTags() {
        let now = elapsedMilliseconds
        for entry in present where entry.leavesAt <= now { visits[entry.visit].leftAtMilliseconds = now }
        present.removeAll { $0.leavesAt <= now }
        guard now >= nextArrivalMilliseconds, present.count < capacity else { return }
        nextArrivalMilliseconds = now + Int.random(in: 500...2500, using: &random)
        let candidates = population.filter { tag in
            !visits.contains {
                $0.tag == tag && ($0.leftAtMilliseconds ?? .max) > now - Self.minimumAbsenceMilliseconds
            }
        }
        guard let tag = candidates.randomElement(using: &random) else { return }
        visits.append(Visit(tag: tag, enteredAtMilliseconds: now, leftAtMilliseconds: nil))
        present.append((visits.count - 1, now + Int.random(in: 1500...4000, using: &random), now))
    }
}
