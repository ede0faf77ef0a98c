import TraceModel

/// The retail stall's trade logic (扫码交易): a pure state machine driven by inputs and an injected clock.
///
/// Rules:
/// - the product comes from a scan (catalogue product, GS1 code, scale label) or the default product;
///   a scanned supplier trace code becomes the parent (来源) of the following trades;
/// - a weight counts only when the scale says stable and it stayed the same for `stableDuration`,
///   and it is at least `minGrams`; overload and below-zero readings are refused with a reason;
/// - trigger `stable` commits by itself, trigger `confirm` waits for a confirmation;
/// - a buyer card tapped on the card reader (验卡交易) selects the buyer of the next trade (its `TagRead.id`
///   goes into `buyer`); the buyer is cleared after that trade and by the clear command, never carried over
///   to another customer's purchase;
/// - master data from the platform (`apply`): its catalogue replaces the station's (prices of the selected and
///   default product follow it), a registered buyer card becomes its operator code, and a source or parent under
///   a stop-trade order is refused when scanned and blocks every commit while selected;
/// - after a trade (or a refused commit) the scale must return within `zeroBandGrams` of zero before
///   the next trade, so one item is never counted twice. At start the station waits for zero too:
///   an item left on the scale across a restart may already have been sold.
///
/// Time is a `Duration` since any fixed origin the caller chooses (monotonic, never the wall clock).
public struct RetailStation: Sendable {
    /// The settings.
    public let settings: RetailStationSettings
    /// How scans are understood.
    public var interpreter: ScanInterpreter

    /// The product selected by the last product scan (nil: use the default product).
    public private(set) var scannedProduct: CatalogueItem?
    /// Sources (来源) of the next trade.
    public private(set) var sources: [String] = []
    /// The buyer card of the next trade (`TagRead.id`), nil when none was tapped.
    public private(set) var buyer: String?
    /// The last weight reported.
    public private(set) var lastWeight: WeightReading?
    /// When the current stable weight started (nil: not stable).
    private var stableSince: Duration?
    /// The scale has been near zero since the last trade; a trade may happen.
    public private(set) var armed = false
    /// A commit was requested and its outcome has not arrived yet.
    public private(set) var awaitingCommit = false
    /// The weight for which a notice was last shown, so notices are not repeated on every frame.
    private var noticedWeight: Int64?
    /// The platform's master data in force (empty until the first `apply`).
    public private(set) var masterData = StationMasterData()
    /// The default product as the applied catalogue prices it (nil: the configured one).
    private var platformDefaultProduct: CatalogueItem?

    /// Creates a station waiting for the scale to show zero.
    public init(settings: RetailStationSettings, interpreter: ScanInterpreter) {
        self.settings = settings
        self.interpreter = interpreter
    }

    /// The product a trade would be recorded with now.
    public var currentProduct: CatalogueItem? { scannedProduct ?? platformDefaultProduct ?? settings.defaultProduct }

    /// Applies the platform's master data (replacing what was applied before). Returns a refusal when the
    /// selected source is now under a stop-trade order (it stays selected and blocks commits until replaced or
    /// cleared, so the goods cannot slip through under no source).
    public mutating func apply(_ master: StationMasterData) -> [StationAction] {
        masterData = master
        if let catalogue = master.catalogue {
            interpreter.catalogue = catalogue
            if let scanned = scannedProduct { scannedProduct = catalogue.item(code: scanned.code) ?? scanned }
            platformDefaultProduct = settings.defaultProduct.flatMap { catalogue.item(code: $0.code) }
        }
        if let order = master.stopOrder(for: sources) {
            return [.rejected(StationMasterData.refusal(order, "selected source"))]
        }
        return []
    }

    /// When the caller should send `.tick` (the stable weight will have lasted `stableDuration`), if ever.
    public var nextDeadline: Duration? {
        guard settings.trigger == .stable, armed, !awaitingCommit, let since = stableSince,
            let weight = lastWeight, weight.grams >= settings.minGrams, currentProduct != nil
        else { return nil }
        return since + settings.stableDuration
    }

    /// Handles one input at time `now` and returns what to do, in order.
    public mutating func handle(_ input: StationInput, at now: Duration) -> [StationAction] {
        switch input {
        case .weight(let reading): return handleWeight(reading, at: now)
        case .scan(let scan): return handleScan(scan, at: now)
        case .card(let tag):
            let registered = masterData.operatorCode(forCard: tag.id)
            buyer = registered ?? tag.id
            noticedWeight = nil
            let who = registered.map { "buyer card \(tag.id) (operator \($0))" } ?? "buyer card \(tag.id)"
            return [.notice("\(who) selected")]
                + (settings.trigger == .stable ? tryCommit(at: now, explicit: false) : [])
        case .command(let command): return handleCommand(command, at: now)
        case .tick: return settings.trigger == .stable ? tryCommit(at: now, explicit: false) : []
        case .committed(let trade):
            awaitingCommit = false
            buyer = nil
            if settings.clearAfterTrade {
                scannedProduct = nil
                sources = []
            }
            return [.acknowledged(trade)]
        case .commitFailed(let reason):
            awaitingCommit = false
            return [.rejected(StationRejection(.notRecorded, "trade NOT recorded: \(reason)"))]
        }
    }

    private mutating func handleWeight(_ reading: WeightReading, at now: Duration) -> [StationAction] {
        let previous = lastWeight
        lastWeight = reading
        var actions: [StationAction] = []
        if reading.overload {
            stableSince = nil
            if previous?.overload != true {
                actions.append(
                    .rejected(StationRejection(.overload, "scale \(settings.station) is overloaded: take weight off")))
            }
            return actions
        }
        if abs(reading.grams) <= settings.zeroBandGrams, !reading.underload {
            if !armed, !awaitingCommit {
                armed = true
                noticedWeight = nil
            }
            stableSince = nil
            return actions
        }
        if reading.underload || reading.grams < 0 {
            stableSince = nil
            if previous.map({ $0.grams >= 0 && !$0.underload }) ?? true {
                actions.append(
                    .rejected(
                        StationRejection(
                            .belowZero,
                            "scale \(settings.station) reads below zero (\(reading.grams) g): re-zero the scale")))
            }
            return actions
        }
        if !reading.stable {
            stableSince = nil
            return actions
        }
        if stableSince == nil || previous?.grams != reading.grams || previous?.stable != true {
            stableSince = now
        }
        if settings.trigger == .stable { actions += tryCommit(at: now, explicit: false) }
        return actions
    }

    private mutating func handleScan(_ scan: BarcodeRead, at now: Duration) -> [StationAction] {
        switch interpreter.interpret(scan) {
        case .command(let command):
            return handleCommand(command, at: now)
        case .source(let code):
            if let order = masterData.stopOrder(for: [code]) {
                return [.rejected(StationMasterData.refusal(order, "source"))]
            }
            sources = [code]
            noticedWeight = nil
            return [.notice("source \(code) selected")]
                + (settings.trigger == .stable ? tryCommit(at: now, explicit: false) : [])
        case .product(let item, let source):
            if let source, let order = masterData.stopOrder(for: [source]) {
                return [.rejected(StationMasterData.refusal(order, "source"))]
            }
            scannedProduct = item
            if let source { sources = [source] }
            noticedWeight = nil
            return [.notice("product \(item.code) \(item.name) selected")]
                + (settings.trigger == .stable ? tryCommit(at: now, explicit: false) : [])
        case .unknown(let reason):
            return [.rejected(StationRejection(.unknownBarcode, reason))]
        }
    }

    private mutating func handleCommand(_ command: StationCommand, at now: Duration) -> [StationAction] {
        switch command {
        case .confirm:
            return tryCommit(at: now, explicit: true)
        case .clear:
            scannedProduct = nil
            sources = []
            buyer = nil
            return [.notice("product, source and buyer cleared")]
        }
    }

    /// Commits when every condition holds. An explicit confirmation that cannot commit says why;
    /// an automatic attempt stays quiet except for one "scan a product" prompt per weight.
    private mutating func tryCommit(at now: Duration, explicit: Bool) -> [StationAction] {
        func notReady(_ message: String) -> [StationAction] {
            explicit ? [.rejected(StationRejection(.notReady, message))] : []
        }
        if awaitingCommit { return notReady("the previous trade is still being recorded") }
        guard lastWeight != nil else { return notReady("no weight from the scale yet") }
        guard armed else { return notReady("take the item off: the scale must return to zero before the next trade") }
        guard let weight = lastWeight, weight.stable, !weight.overload, let since = stableSince else {
            return notReady("weight is not stable yet")
        }
        guard weight.grams >= settings.minGrams else {
            return notReady("weight \(weight.grams) g is below the minimum of \(settings.minGrams) g")
        }
        guard now - since >= settings.stableDuration else { return notReady("weight is not stable yet") }
        if let order = masterData.stopOrder(for: sources) {
            // Automatic attempts say it once per weight, not on every frame.
            guard explicit || noticedWeight != weight.grams else { return [] }
            noticedWeight = weight.grams
            return [.rejected(StationMasterData.refusal(order, "source"))]
        }
        guard let product = currentProduct else {
            if explicit { return notReady("scan a product code first") }
            if noticedWeight != weight.grams {
                noticedWeight = weight.grams
                return [.notice("scan a product code to sell \(weight.grams) g")]
            }
            return []
        }
        guard let amount = Pricing.amountFen(grams: weight.grams, unitPriceFenPerKg: product.unitPriceFenPerKg) else {
            return [
                .rejected(
                    StationRejection(.notRecorded, "amount for \(weight.grams) g of \(product.code) is out of range"))
            ]
        }
        awaitingCommit = true
        armed = false
        stableSince = nil
        let draft = TradeDraft(
            station: settings.station, nodeCode: settings.nodeCode, operatorCode: settings.operatorCode,
            productCode: product.code, productName: product.name, grams: weight.grams,
            unitPriceFen: product.unitPriceFenPerKg, amountFen: amount, parents: sources,
            buyer: buyer ?? "")
        return [.commit(draft)]
    }
}
