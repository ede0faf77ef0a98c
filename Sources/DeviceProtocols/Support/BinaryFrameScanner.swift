import TraceModel

/// Cuts a byte stream into checked frames of one `BinaryFraming`, resynchronising after noise.
///
/// Works byte by byte, so what it returns never depends on how the bytes were chunked. A candidate that
/// fails (impossible header, bad checksum) gives up only its bytes before the next plausible start; the
/// rest are scanned again, so a half frame glued to the front of a good frame never swallows it.
/// Bytes that start no frame collect as junk and are reported as one error when a frame follows, when the
/// framing rejects a complete candidate, or when `maxJunk` of them have collected.
struct BinaryFrameScanner<Framing: BinaryFraming>: ByteFrameScanner {
    /// The protocol's framing.
    let framing: Framing
    /// Junk reported once this many bytes have collected.
    let maxJunk: Int
    /// The candidate frame being received (starts with a start byte), or empty.
    private var candidate: [UInt8] = []
    /// Bytes that started no frame, not yet reported.
    private var junk: [UInt8] = []

    /// Creates a scanner.
    init(framing: Framing, maxJunk: Int = 64) {
        self.framing = framing
        self.maxJunk = maxJunk
    }

    /// Bytes held between calls: at most one frame plus `maxJunk`.
    var bufferedCount: Int { candidate.count + junk.count }

    /// Takes one byte; appends what it completed.
    mutating func push(_ byte: UInt8, into outputs: inout [ScannedFrame]) {
        var pending: [UInt8] = [byte]
        var index = 0
        while index < pending.count {
            let next = pending[index]
            index += 1
            if let rescan = step(next, into: &outputs) {
                // Bytes of a failed candidate are scanned again before the rest of the input.
                pending.replaceSubrange(index..<index, with: rescan)
            }
        }
    }

    /// Handles one byte; returns bytes to scan again when a candidate failed.
    private mutating func step(_ byte: UInt8, into outputs: inout [ScannedFrame]) -> [UInt8]? {
        if candidate.isEmpty {
            if framing.mayStart(byte) {
                candidate = [byte]
            } else {
                if !framing.isSeparator(byte) { junk.append(byte) }
                if junk.count >= maxJunk { flushJunk(into: &outputs) }
                return nil
            }
        } else {
            candidate.append(byte)
        }
        switch framing.length(ofFrameStartingWith: candidate[...]) {
        case .unknown:
            return nil
        case .impossible:
            return giveUp(reason: nil, into: &outputs)
        case .known(let length):
            guard candidate.count >= length else { return nil }
            if let problem = framing.problem(in: candidate) { return giveUp(reason: problem, into: &outputs) }
            flushJunk(into: &outputs)
            outputs.append(.frame(candidate))
            candidate.removeAll(keepingCapacity: true)
            return nil
        }
    }

    /// Drops the candidate's bytes up to the next plausible start and returns the rest for rescanning.
    /// With a reason (a complete candidate failed its checks) the dropped bytes are reported at once;
    /// without one (an impossible header) they join the junk.
    private mutating func giveUp(reason: String?, into outputs: inout [ScannedFrame]) -> [UInt8] {
        var cut = 1
        while cut < candidate.count, !isPlausibleStart(candidate[cut...]) { cut += 1 }
        let dropped = Array(candidate[..<cut])
        let rest = Array(candidate[cut...])
        candidate.removeAll(keepingCapacity: true)
        if let reason {
            flushJunk(into: &outputs)
            outputs.append(.rejected(FrameError(reason: reason, bytes: dropped)))
        } else {
            junk += dropped
            if junk.count >= maxJunk { flushJunk(into: &outputs) }
        }
        return rest
    }

    /// Whether a frame may start at the first of `bytes`: a start byte whose header is possible and which,
    /// if all its bytes are already here, passes the checks (so a failed frame is not reported twice).
    private func isPlausibleStart(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard framing.mayStart(bytes[bytes.startIndex]) else { return false }
        switch framing.length(ofFrameStartingWith: bytes) {
        case .impossible: return false
        case .unknown: return true
        case .known(let length):
            return bytes.count < length || framing.problem(in: Array(bytes.prefix(length))) == nil
        }
    }

    /// Reports and drops junk.
    private mutating func flushJunk(into outputs: inout [ScannedFrame]) {
        guard !junk.isEmpty else { return }
        outputs.append(
            .rejected(FrameError(reason: "\(junk.count) bytes outside a frame", bytes: junk)))
        junk.removeAll(keepingCapacity: true)
    }
}
