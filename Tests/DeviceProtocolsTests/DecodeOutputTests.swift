import DeviceProtocols
import Testing
import TraceModel

/// `DecodeOutput.jsonLine` prints the exact documented shapes.
@Suite struct DecodeOutputTests {
    /// Weight lines, with and without `net`.
    @Test func weightLines() {
        #expect(
            DecodeOutput.jsonLine(.weight(WeightReading(grams: 1234, stable: true, net: false)))
                == #"{"type":"weight","grams":1234,"stable":true,"net":false,"overload":false,"underload":false}"#)
        #expect(
            DecodeOutput.jsonLine(.weight(WeightReading(grams: -5, stable: false, overload: true)))
                == #"{"type":"weight","grams":-5,"stable":false,"overload":true,"underload":false}"#)
    }

    /// Barcode lines escape quotes, backslashes and control characters such as GS.
    @Test func barcodeLines() {
        #expect(
            DecodeOutput.jsonLine(.barcode(BarcodeRead(data: "6901234567892", symbology: "]E0")))
                == #"{"type":"barcode","data":"6901234567892","symbology":"]E0"}"#)
        #expect(
            DecodeOutput.jsonLine(.barcode(BarcodeRead(data: "01\u{1D}a\"b\\c\n\u{7F}猪")))
                == #"{"type":"barcode","data":"01\u001da\"b\\c\n\u007f猪"}"#)
    }

    /// Error lines carry the reason and the hex of the bytes.
    @Test func errorLines() {
        #expect(
            DecodeOutput.jsonLine(.frameError(FrameError(reason: "XOR mismatch: \"x\"", bytes: [0x02, 0x41, 0xFF])))
                == #"{"type":"error","reason":"XOR mismatch: \"x\"","bytes":"0241FF"}"#)
    }
}
