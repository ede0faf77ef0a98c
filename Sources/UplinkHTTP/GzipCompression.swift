import CZlib

/// gzip (RFC 1952) for request bodies, through the system zlib (Debian zlib1g): `deflateInit2` with
/// windowBits 15 + 16 writes the gzip header and CRC-32 trailer. One call per body; bodies are at most the
/// batch byte limit, so the whole output is produced at once.
///
/// Level 1 (`Z_BEST_SPEED`), not zlib's default 6: on uplink bodies it is twice as fast (2.6 vs 5.2 µs per
/// trade on the benchmark machine) for ~12 % more bytes — most of a trade's bytes are its two SHA-256 hashes,
/// which no level compresses. A cheap ARM box draining a week's backlog is CPU-bound long before a 4G link is.
enum GzipCompression {
    /// The gzip encoding of `bytes` at level 1.
    static func compress(_ bytes: [UInt8]) -> [UInt8] {
        var stream = z_stream()
        let initStatus = deflateInit2_(
            &stream, Z_BEST_SPEED, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
            Int32(MemoryLayout<z_stream>.size))
        // Only fails on out-of-memory or a zlib/header version mismatch: both are broken installations.
        precondition(initStatus == Z_OK, "zlib deflateInit2 failed (\(initStatus)); is zlib1g installed correctly?")
        defer { deflateEnd(&stream) }
        let bound = Int(deflateBound(&stream, UInt(bytes.count)))
        // Uninitialised: only the pages deflate writes become resident (a zero-filled bound would touch the
        // whole size of the input, twice per batch in flight and prepared). The input is read in place: zlib
        // never writes through `next_in`, and a mutable copy would cost another input-sized buffer.
        return bytes.withUnsafeBufferPointer { input in
            [UInt8](unsafeUninitializedCapacity: bound) { output, produced in
                stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
                stream.avail_in = uInt(input.count)
                stream.next_out = output.baseAddress
                stream.avail_out = uInt(output.count)
                let status = deflate(&stream, Z_FINISH)
                // deflateBound guarantees room for everything in one Z_FINISH call.
                precondition(status == Z_STREAM_END, "zlib deflate did not finish (\(status))")
                produced = output.count - Int(stream.avail_out)
            }
        }
    }
}
