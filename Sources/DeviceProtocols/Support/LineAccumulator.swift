import TraceModel

/// Splits a byte stream into lines with a bounded buffer; shared by the line-based protocols.
///
/// Works byte by byte so the lines it returns never depend on how the bytes were chunked.
struct LineAccumulator: FrameScanner {
    /// How lines end.
    enum Terminator: Sendable, Hashable {
        /// CR, LF or CRLF all end a line; empty lines are dropped.
        case crOrLF
        /// A custom byte sequence ends a line (CR and LF around the data are trimmed).
        case suffix([UInt8])
    }

    /// What one byte completed.
    enum Output: Sendable, Hashable {
        /// A non-empty line without its terminator.
        case line([UInt8])
        /// More than `maxLength` bytes without a terminator; the bytes were dropped.
        case overflow([UInt8])
    }

    /// Longest line kept; longer runs are dropped and reported.
    let maxLength: Int
    /// The line end.
    let terminator: Terminator
    /// Whether the rest of an over-long line is dropped up to the next terminator (for protocols whose
    /// line tail could pass as a valid frame, such as barcodes), instead of starting a new line at once.
    let skipRestOfOverlongLine: Bool
    /// The reason an over-long line is rejected, from the number of bytes dropped.
    let overflowReason: @Sendable (_ droppedCount: Int) -> String
    /// Bytes of the current line.
    private var buffer: [UInt8] = []
    /// Set after an overflow while the rest of that line is being skipped.
    private var skipping = false

    /// Creates an accumulator.
    init(
        maxLength: Int, terminator: Terminator = .crOrLF, skipRestOfOverlongLine: Bool = false,
        overflowReason: @escaping @Sendable (_ droppedCount: Int) -> String
    ) {
        self.maxLength = maxLength
        self.terminator = terminator
        self.skipRestOfOverlongLine = skipRestOfOverlongLine
        self.overflowReason = overflowReason
    }

    /// Bytes currently held (for tests that check the buffer stays bounded).
    var bufferedCount: Int { buffer.count }

    /// Cuts `bytes` into lines; an over-long line becomes a rejection whose reason `overflowReason` gives
    /// from the number of bytes dropped. Decode the lines with `events(decode:)`.
    mutating func frames(from bytes: some Sequence<UInt8>) -> [ScannedFrame] {
        var pieces: [ScannedFrame] = []
        for byte in bytes {
            switch push(byte) {
            case nil: continue
            case .overflow(let junk):
                pieces.append(.rejected(FrameError(reason: overflowReason(junk.count), bytes: junk)))
            case .line(let line): pieces.append(.frame(line))
            }
        }
        return pieces
    }

    /// Takes one byte; returns a line or an overflow when this byte completed one.
    mutating func push(_ byte: UInt8) -> Output? {
        switch terminator {
        case .crOrLF:
            if byte == 0x0D || byte == 0x0A {
                if skipping {
                    skipping = false
                    return nil
                }
                guard !buffer.isEmpty else { return nil }
                defer { buffer.removeAll(keepingCapacity: true) }
                return .line(buffer)
            }
            return append(byte, limit: maxLength)
        case .suffix(let suffix):
            if let overflow = append(byte, limit: maxLength + suffix.count) { return overflow }
            guard buffer.count >= suffix.count, buffer.suffix(suffix.count).elementsEqual(suffix) else { return nil }
            if skipping {
                skipping = false
                buffer.removeAll(keepingCapacity: true)
                return nil
            }
            var line = buffer.dropLast(suffix.count)[...]
            while let first = line.first, first == 0x0D || first == 0x0A { line = line.dropFirst() }
            while let last = line.last, last == 0x0D || last == 0x0A { line = line.dropLast() }
            buffer.removeAll(keepingCapacity: true)
            return line.isEmpty ? nil : .line(Array(line))
        }
    }

    /// Appends a data byte, reporting an overflow when the line grows past `limit`.
    private mutating func append(_ byte: UInt8, limit: Int) -> Output? {
        if skipping, case .crOrLF = terminator { return nil }
        buffer.append(byte)
        guard buffer.count > limit else { return nil }
        if skipping {
            // Suffix mode while skipping: keep only enough bytes to recognise the suffix.
            buffer.removeFirst(buffer.count - limit)
            return nil
        }
        defer {
            buffer.removeAll(keepingCapacity: true)
            skipping = skipRestOfOverlongLine
        }
        return .overflow(buffer)
    }
}
