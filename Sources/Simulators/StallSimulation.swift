import DeviceProtocols
import TraceModel

/// One market stall: a scanner and a scale used together. Each item's code is scanned while the platter
/// is empty, then the item is placed, settles and is lifted, as a stallholder does for each sale.
public struct StallSimulation: Sendable {
    /// Bytes each device sent during one step.
    public struct Traffic: Sendable, Hashable {
        /// Scale frames (empty for polled scales, which answer `respondToScale(_:)`).
        public var scale: [UInt8] = []
        /// Scanner bytes.
        public var scanner: [UInt8] = []
    }

    /// One expected sale: the scanned code and the weight that settled after it.
    public struct ExpectedItem: Sendable, Hashable {
        /// The scan made before the item was placed.
        public var scan: BarcodeRead
        /// The weighed item (settled weight and times); nil until it is placed.
        public var weighing: SimulatedItem?
    }

    /// The scale.
    public private(set) var scale: ScaleSimulation
    /// The scanner.
    public private(set) var scanner: ScannerSimulation
    /// The scale's phase at the previous tick, to see the platter become empty.
    private var previousPhase: ScaleSimulation.Phase?
    /// Scans made so far with the item weighed after each.
    public private(set) var expected: [ExpectedItem] = []
    /// Leading entries of `expected` whose item was lifted: their weighing is final.
    private var liftedPrefix = 0

    /// Creates a stall from a scale and a scanner simulation.
    public init(scale: ScaleSimulation, scanner: ScannerSimulation) {
        self.scale = scale
        self.scanner = scanner
    }

    /// Lets time pass in frame intervals; a scan happens on the first tick of each empty period.
    public mutating func step(elapsedMilliseconds: Int) -> Traffic {
        var traffic = Traffic()
        var remaining = elapsedMilliseconds
        while remaining > 0 {
            let chunk = min(remaining, 100)
            remaining -= chunk
            traffic.scale += scale.step(elapsedMilliseconds: chunk)
            syncExpectations(into: &traffic)
        }
        return traffic
    }

    /// The polled scale's reply to `request`.
    public mutating func respondToScale(_ request: [UInt8]) -> [UInt8] { scale.respond(to: request) }

    /// Scans when the platter has just become empty and records which weighing followed which scan.
    private mutating func syncExpectations(into traffic: inout Traffic) {
        let phase = scale.phase
        if phase == .empty, previousPhase != .empty {
            let scan = scanner.nextScan()
            traffic.scanner += scanner.bytes(for: scan)
            expected.append(ExpectedItem(scan: scan, weighing: nil))
        }
        previousPhase = phase
        // Items are placed in order, each after its scan. A lifted item no longer changes, so only the items from
        // the first one not yet lifted are copied: a stall that trades all day costs the same per tick.
        let items = scale.items
        let end = min(items.count, expected.count)
        for index in min(liftedPrefix, end)..<end { expected[index].weighing = items[index] }
        while liftedPrefix < end, items[liftedPrefix].liftedAtMilliseconds != nil { liftedPrefix += 1 }
    }
}
