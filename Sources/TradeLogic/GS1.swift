/// The GS1 rules a stall needs: check digits, GTIN normalisation, element strings.
///
/// Sources: GS1 General Specifications §7.9 (check digits), the GS1 syntax dictionary
/// (application identifiers), as summarised in shared/docs/domain.md §3.
public enum GS1 {
    /// The GS1 mod-10 check digit for `digits` (the digits before the check digit).
    /// Returns nil when `digits` contains anything but ASCII digits.
    public static func checkDigit(for digits: some StringProtocol) -> Int? {
        var sum = 0
        var weightThree = true
        for ch in digits.reversed() {
            guard let value = ch.wholeNumberValue, ch.isASCII else { return nil }
            sum += weightThree ? value * 3 : value
            weightThree.toggle()
        }
        return (10 - sum % 10) % 10
    }

    /// Whether a GTIN-8/12/13/14 (or any digit string) ends in a correct mod-10 check digit.
    public static func hasValidCheckDigit(_ code: some StringProtocol) -> Bool {
        guard code.count >= 2, let last = code.last?.wholeNumberValue,
            let expected = checkDigit(for: code.dropLast())
        else { return false }
        return last == expected
    }

    /// A GTIN left-padded with zeros to 14 digits.
    public static func gtin14(_ gtin: String) -> String {
        gtin.count >= 14 ? gtin : String(repeating: "0", count: 14 - gtin.count) + gtin
    }

    /// The group separator that stands for FNC1 inside GS1 element strings.
    public static let groupSeparator: Character = "\u{1D}"

    /// Lengths of the predefined-length application identifiers we meet on food labels.
    private static let fixedLengths: [String: Int] = [
        "00": 18, "01": 14, "02": 14, "11": 6, "12": 6, "13": 6, "15": 6, "16": 6, "17": 6, "20": 2,
        "3100": 6, "3101": 6, "3102": 6, "3103": 6, "3104": 6, "3105": 6,
        "3200": 6, "3201": 6, "3202": 6, "3203": 6, "3204": 6, "3205": 6,
        "7003": 10, "7006": 6, "7007": 6, "410": 13, "414": 13, "422": 3,
    ]
    /// Variable-length AIs we accept (terminated by GS or the end of data).
    private static let variableAIs: Set<String> = [
        "10", "21", "22", "240", "241", "7002", "8020", "90", "91", "92", "99",
    ]

    /// Parses a GS1 element string (as transmitted after `]C1`, `]d2`, `]Q3` or `]e0`: FNC1 as GS)
    /// or the human-readable form `(01)…(10)…` into (AI, value) pairs in order.
    /// Returns nil when it is not a well-formed element string.
    public static func parseElementString(_ text: String) -> [(ai: String, value: String)]? {
        if text.hasPrefix("(") { return parseBracketed(text) }
        var result: [(String, String)] = []
        var rest = Substring(text)
        while !rest.isEmpty {
            if rest.first == groupSeparator {
                rest = rest.dropFirst()
                continue
            }
            guard let ai = knownAI(prefixOf: rest) else { return nil }
            rest = rest.dropFirst(ai.count)
            if let length = fixedLengths[ai] {
                guard rest.count >= length else { return nil }
                let value = rest.prefix(length)
                guard value.allSatisfy(\.isASCIIDigitOrAlnum) else { return nil }
                result.append((ai, String(value)))
                rest = rest.dropFirst(length)
            } else {
                let end = rest.firstIndex(of: groupSeparator) ?? rest.endIndex
                let value = rest[rest.startIndex..<end]
                guard !value.isEmpty, value.count <= 90 else { return nil }
                result.append((ai, String(value)))
                rest = rest[end...]
            }
        }
        return result.isEmpty ? nil : result
    }

    private static func knownAI(prefixOf text: Substring) -> String? {
        for length in 2...4 {
            let candidate = String(text.prefix(length))
            guard candidate.count == length else { return nil }
            if fixedLengths[candidate] != nil || variableAIs.contains(candidate) { return candidate }
        }
        return nil
    }

    private static func parseBracketed(_ text: String) -> [(ai: String, value: String)]? {
        var result: [(String, String)] = []
        var rest = Substring(text)
        while !rest.isEmpty {
            guard rest.first == "(", let close = rest.firstIndex(of: ")") else { return nil }
            let ai = String(rest[rest.index(after: rest.startIndex)..<close])
            guard fixedLengths[ai] != nil || variableAIs.contains(ai) else { return nil }
            rest = rest[rest.index(after: close)...]
            let end = rest.firstIndex(of: "(") ?? rest.endIndex
            let value = String(rest[rest.startIndex..<end])
            if let length = fixedLengths[ai], value.count != length { return nil }
            guard !value.isEmpty else { return nil }
            result.append((ai, value))
            rest = rest[end...]
        }
        return result.isEmpty ? nil : result
    }

    /// The human-readable form `(01)06901234567892(10)B1` of parsed element pairs.
    public static func humanReadable(_ pairs: [(ai: String, value: String)]) -> String {
        pairs.map { "(\($0.ai))\($0.value)" }.joined()
    }
}

extension Character {
    /// ASCII letter or digit (the GS1 character set 82 minus punctuation is enough for our checks).
    var isASCIIDigitOrAlnum: Bool { isASCII && (isLetter || isNumber) }
}
