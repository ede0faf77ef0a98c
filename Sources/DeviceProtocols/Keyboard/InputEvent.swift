/// One Linux input event (`struct input_event` without its timestamp): what a keyboard wedge sends.
///
/// Source: devices.md §3a (kernel `linux/input.h`, `linux/input-event-codes.h`). Only the type, code and
/// value matter to the decoders; the timestamp is dropped when the record is parsed.
public struct InputEvent: Sendable, Hashable {
    /// `EV_SYN`: end of a batch of events; ignored.
    public static let synchronization: UInt16 = 0x00
    /// `EV_KEY`: a key changed state; `value` is 1 press, 2 autorepeat, 0 release.
    public static let key: UInt16 = 0x01
    /// `EV_MSC`: miscellaneous (`MSC_SCAN` carries the HID usage); ignored.
    public static let miscellaneous: UInt16 = 0x04
    /// `EV_LED`: an LED changed; code `LED_CAPSL` (1) tells the Caps Lock state.
    public static let led: UInt16 = 0x11
    /// `LED_CAPSL`, the Caps Lock LED's code (bit 1 of the `EVIOCGLED` bit mask).
    public static let capsLockLED: UInt16 = 0x01

    /// Event type (`EV_KEY`, `EV_SYN` …).
    public var type: UInt16
    /// Event code (for `EV_KEY` the key code, e.g. 30 for KEY_A).
    public var code: UInt16
    /// Event value (for `EV_KEY`: 1 press, 2 autorepeat, 0 release).
    public var value: Int32

    /// Creates an event.
    public init(type: UInt16, code: UInt16, value: Int32) {
        self.type = type
        self.code = code
        self.value = value
    }

    /// A key press (`EV_KEY`, value 1).
    public static func press(_ code: UInt16) -> InputEvent { InputEvent(type: key, code: code, value: 1) }
    /// A key release (`EV_KEY`, value 0).
    public static func release(_ code: UInt16) -> InputEvent { InputEvent(type: key, code: code, value: 0) }
    /// A `SYN_REPORT` separating batches.
    public static let report = InputEvent(type: synchronization, code: 0, value: 0)
}
