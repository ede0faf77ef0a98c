import DeviceIO
import DeviceProtocols
import Foundation
import Gateway
import TradeLogic

/// A configuration that uses every key of `ConfigurationSchema`, as YAML and as the value it stands for.
enum EveryKeyConfiguration {
    static let yaml = #"""
        node:
          code: "330102001"
          name: "Every key market"
          type: supermarket
          operators:
            - code: "3301020010001"
              name: "张三"
        ledger:
          path: /tmp/every.db
          max_size_mib: 64
        trace_code:
          template: "{node}{date:yyMMdd}{seq:5}"
        api:
          enabled: false
          listen: 127.0.0.1:9000
        devices:
          - id: s1
            kind: scale
            protocol: generic-line
            path: /dev/serial/by-id/usb-scale
            baud: 4800
            data_bits: 7
            parity: even
            stop_bits: 2
            flow_control: rtscts
            driver: termios
            poll_interval_ms: 500
            poll_command: 'W\r'
            silence_timeout_ms: 9000
            stable_frames: 5
            unit: jin
            reversed: false
            pattern: '^(?<value>[0-9.]+)$'
          - id: sim
            protocol: xk3190-tf0
            simulate: true
          - id: b1
            protocol: barcode-line
            transport: serial
            usb: {vid: "1a86", pid: "7523", serial: "A1", port: "1-1.2", interface: 0}
            terminator: 'suffix:\x03'
          - id: card
            protocol: iso14443-keyboard
            transport: evdev
            path: /dev/input/by-id/usb-reader-event-kbd
            grab: false
            keymap: us
            keys: {21: zZ}
            terminator_key: tab
            format: w26
            uid_format: hex
            byte_order: lsb-first
            uid_length: 7
            duplicate_window_ms: 500
          - id: u1
            protocol: hid-pos-scale
            transport: usb-hid
            usb: "0922:8003"
            serial: "S1"
            usb_path: 1-1.3
            interface: 1
          - id: t1
            protocol: mt-sics
            transport: tcp
            address: "192.168.1.254:4001"
            connect_timeout_ms: 1500
        catalogue:
          - code: "10010001"
            name: "Pork"
            price_fen: 1500
            price_unit: jin
            plu: "000123"
            gtin: ["6901234567892"]
        stations:
          - id: st1
            operator: "3301020010001"
            scale: s1
            scanner: b1
            card_reader: card
            trigger: confirm
            stable_ms: 800
            min_grams: 50
            zero_band_grams: 5
            default_product: "10010001"
            clear_after_trade: true
            confirm_barcode: "*OK*"
            clear_barcode: "*NO*"
        uplink:
          retention_days: 7
          platforms:
            - name: city
              url: http://trace.example.com/api
              format: city-form-json
              token_file: /etc/tracegate/city.token
              ca_file: /etc/tracegate/ca.pem
              client_certificate: /etc/tracegate/gw.pem
              client_key: /etc/tracegate/gw.key
              max_batch_trades: 100
              max_batch_bytes: 65536
              gzip: false
              timeout_ms: 5000
              backoff_initial_ms: 200
              backoff_max_ms: 10000
              city_form_method: uploadRetailTrades
              allow_insecure_http: true
              master_data: false
              master_data_refresh_s: 60
        hotplug:
          netlink: false
          rescan_interval_ms: 0
        """#

    /// The configuration `yaml` stands for, built as a value.
    static func value() throws -> GatewayConfiguration {
        let pork = CatalogueItem(
            code: "10010001", name: "Pork", unitPriceFenPerKg: 3000, plu: "000123", gtins: ["6901234567892"])
        let scale = DeviceSettings(
            id: "s1", kind: .scale, protocolName: "generic-line",
            port: .serial(
                SerialPortSettings(
                    identity: .path("/dev/serial/by-id/usb-scale"),
                    line: SerialLine(
                        baud: 4800, dataBits: 7, parity: .even, stopBits: 2, flowControl: .rtscts, driver: .termios),
                    pollIntervalMilliseconds: 500)),
            decoder: DeviceDecoderSettings(
                DecoderOptions(
                    stableFrames: 5, unit: .jin, reversed: false, pattern: "^(?<value>[0-9.]+)$",
                    pollCommand: Array("W\r".utf8))),
            silenceTimeoutMilliseconds: 9000)
        var scanner = DeviceSettings(
            id: "b1", protocol: BarcodeLineDecoder.descriptor, path: "")
        scanner.port = .serial(
            SerialPortSettings(
                identity: .usb(
                    USBSerialMatch(vendorID: "1a86", productID: "7523", serial: "A1", port: "1-1.2", interface: 0)),
                line: SerialLine(BarcodeLineDecoder.descriptor.defaultLine)))
        scanner.decoder.terminator = .suffix([0x03])
        let card = DeviceSettings(
            id: "card", kind: .rfid, protocolName: "iso14443-keyboard",
            port: .evdev(
                try InputPortSettings(
                    path: "/dev/input/by-id/usb-reader-event-kbd", grab: false, layout: "us", keys: [21: "zZ"],
                    terminatorKey: .tab)),
            decoder: DeviceDecoderSettings(
                DecoderOptions(cardFormat: .w26, uidFormat: .hex, byteOrder: .lsbFirst, uidLength: 7)),
            duplicateWindowMilliseconds: 500)
        let usbScale = DeviceSettings(
            id: "u1", kind: .scale, protocolName: "hid-pos-scale",
            port: .usbHID(
                USBHIDPortSettings(
                    match: USBDeviceMatch(vendorID: 0x0922, productID: 0x8003, serialNumber: "S1", portPath: "1-1.3"),
                    interface: 1)))
        let tcpScale = DeviceSettings(
            id: "t1", kind: .scale, protocolName: "mt-sics",
            port: .tcp(
                TCPPortSettings(
                    endpoint: TCPEndpoint(host: "192.168.1.254", port: 4001), connectTimeoutMilliseconds: 1500)))
        let rules = RetailStationSettings(
            station: "st1", nodeCode: "330102001", operatorCode: "3301020010001", trigger: .confirm,
            stableDuration: .milliseconds(800), minGrams: 50, zeroBandGrams: 5, defaultProduct: pork,
            clearAfterTrade: true)
        var platform = UplinkPlatformSettings(
            name: "city", url: URL(string: "http://trace.example.com/api")!, format: .cityFormJSON)
        platform.tokenFile = "/etc/tracegate/city.token"
        platform.caFile = "/etc/tracegate/ca.pem"
        platform.clientCertificate = "/etc/tracegate/gw.pem"
        platform.clientKey = "/etc/tracegate/gw.key"
        platform.maxBatchTrades = 100
        platform.maxBatchBytes = 65536
        platform.gzip = false
        platform.timeoutMilliseconds = 5000
        platform.backoffInitialMilliseconds = 200
        platform.backoffMaxMilliseconds = 10000
        platform.cityFormMethod = "uploadRetailTrades"
        platform.allowInsecureHTTP = true
        platform.masterData = false
        platform.masterDataRefreshSeconds = 60
        var hotplug = HotplugSettings()
        hotplug.netlink = false
        hotplug.rescanIntervalMilliseconds = nil
        return GatewayConfiguration(
            node: NodeSettings(
                code: "330102001", name: "Every key market", kind: .supermarket,
                operators: [OperatorSettings(code: "3301020010001", name: "张三")]),
            ledger: LedgerSettings(path: "/tmp/every.db", maxSizeMiB: 64),
            traceCodeTemplate: "{node}{date:yyMMdd}{seq:5}", api: APISettings(enabled: false, port: 9000),
            devices: [
                scale,
                DeviceSettings(id: "sim", protocol: XK3190ContinuousDecoder.descriptor, path: "", simulate: true),
                scanner, card, usbScale, tcpScale,
            ],
            catalogue: [pork],
            stations: [
                StationSettings(
                    id: "st1", operatorCode: "3301020010001", scale: "s1", scanner: "b1", cardReader: "card",
                    rules: rules, commandCodes: ["*OK*": .confirm, "*NO*": .clear])
            ],
            uplink: UplinkSettings(retentionDays: 7, platforms: [platform]), hotplug: hotplug)
    }
}
