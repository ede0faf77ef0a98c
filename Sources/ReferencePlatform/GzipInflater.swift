import CZlib

/// Inflates `Content-Encoding: gzip` request bodies with Debian's zlib, refusing output beyond a limit so a small
/// compressed body cannot fill the memory (a "zip bomb").
enum GzipInflater {
    /// Why a body could not be inflated.
    enum Failure: Error, Sendable, Hashable {
        /// Not gzip, or corrupt.
        case corrupt(String)
        /// Inflates to more than the limit.
        case tooLarge(limit: Int)
    }

    /// The inflated bytes of a gzip stream (one member; trailing data after it is an error).
    static func inflate(_ compressed: [UInt8], limit: Int) throws(Failure) -> [UInt8] {
        var stream = z_stream()
        // 15 window bits + 16: expect a gzip header and trailer (zlib.h, inflateInit2).
        guard inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .corrupt("zlib could not start")
        }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var input = compressed
        var status: Int32 = Z_OK
        input.withUnsafeMutableBufferPointer { inputBuffer in
            stream.next_in = inputBuffer.baseAddress
            stream.avail_in = UInt32(inputBuffer.count)
            repeat {
                chunk.withUnsafeMutableBufferPointer { chunkBuffer in
                    stream.next_out = chunkBuffer.baseAddress
                    stream.avail_out = UInt32(chunkBuffer.count)
                    status = CZlib.inflate(&stream, Z_NO_FLUSH)
                    output.append(contentsOf: chunkBuffer[0..<(chunkBuffer.count - Int(stream.avail_out))])
                }
            } while status == Z_OK && output.count <= limit && !(stream.avail_in == 0 && stream.avail_out != 0)
        }
        if output.count > limit { throw .tooLarge(limit: limit) }
        guard status == Z_STREAM_END else {
            let message = stream.msg.map { String(cString: $0) } ?? "truncated stream (status \(status))"
            throw .corrupt(message)
        }
        guard stream.avail_in == 0 else { throw .corrupt("data after the end of the gzip stream") }
        return output
    }
}
