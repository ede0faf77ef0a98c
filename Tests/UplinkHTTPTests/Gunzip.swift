import CZlib

/// Server-side gzip decoding for the tests (zlib `inflate` with gzip framing), independent of the compressor.
enum Gunzip {
    /// The decompressed bytes, or nil when `bytes` is not a complete gzip stream.
    static func decompress(_ bytes: [UInt8]) -> [UInt8]? {
        var stream = z_stream()
        guard inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            return nil
        }
        defer { inflateEnd(&stream) }
        var input = bytes
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16384)
        var status: Int32 = Z_OK
        input.withUnsafeMutableBufferPointer { inPointer in
            stream.next_in = inPointer.baseAddress
            stream.avail_in = uInt(inPointer.count)
            while status == Z_OK {
                let produced: Int = chunk.withUnsafeMutableBufferPointer { outPointer in
                    stream.next_out = outPointer.baseAddress
                    stream.avail_out = uInt(outPointer.count)
                    status = inflate(&stream, Z_NO_FLUSH)
                    return outPointer.count - Int(stream.avail_out)
                }
                output.append(contentsOf: chunk[0..<produced])
            }
        }
        return status == Z_STREAM_END ? output : nil
    }
}
