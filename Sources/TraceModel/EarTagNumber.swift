/// A livestock ear-tag number (畜禽标识编码): 15 digits = species (1) + county code (6) + serial (8).
///
/// Source: domain.md §2 (畜禽标识和养殖档案管理办法, 农业部令第67号, Art. 8). Example: pig, county 370681,
/// serial 1234 → `137068100001234`. The breeding-sow tag uses species 7; its tag prints the first 12
/// digits on the top row and the last 3 beside the 2D code, so operators may type it with a space.
public struct EarTagNumber: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The species digit.
    public enum Species: Int, Sendable, Hashable, Codable, CaseIterable {
        /// 猪 pig.
        case pig = 1
        /// 牛 cattle.
        case cattle = 2
        /// 羊 sheep and goats.
        case sheep = 3
        /// 种母猪 breeding sow.
        case breedingSow = 7
    }

    /// The species.
    public var species: Species
    /// The 6-digit county administrative code (县级行政区划代码), e.g. `370681`.
    public var county: String
    /// The 8-digit serial within the county, e.g. `00001234`.
    public var serial: String

    /// Parses a 15-digit number; spaces and hyphens between digits are ignored (tags print it in groups).
    ///
    /// - Throws: `TagIdentifierError` naming the number when it is not 15 digits, the species digit is not
    ///   one of 1 (pig), 2 (cattle), 3 (sheep), 7 (breeding sow), or the county code cannot be one.
    public init(_ text: String) throws(TagIdentifierError) {
        let digits = text.filter { $0 != " " && $0 != "-" }
        guard digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw TagIdentifierError("ear tag \"\(text)\": only digits are allowed (15 digits, e.g. 137068100001234)")
        }
        guard digits.count == 15 else {
            throw TagIdentifierError(
                "ear tag \"\(text)\": must be 15 digits (species 1 + county 6 + serial 8), got \(digits.count)")
        }
        let speciesDigit = Int(String(digits.first!))!
        guard let species = Species(rawValue: speciesDigit) else {
            throw TagIdentifierError(
                "ear tag \(digits): species digit \(speciesDigit) is not 1 (pig), 2 (cattle), 3 (sheep) or "
                    + "7 (breeding sow); check the first digit")
        }
        let county = String(digits.dropFirst().prefix(6))
        // Province codes (the first two digits of an administrative code) run from 11 (Beijing) to 82 (Macao).
        guard let province = Int(county.prefix(2)), (11...82).contains(province), !county.hasSuffix("0000") else {
            throw TagIdentifierError(
                "ear tag \(digits): \(county) is not a county administrative code (digits 2–7 must name a county, "
                    + "e.g. 370681)")
        }
        self.species = species
        self.county = county
        self.serial = String(digits.suffix(8))
    }

    /// Creates a number from its parts; the caller guarantees 6 and 8 digits.
    public init(species: Species, county: String, serial: String) {
        self.species = species
        self.county = county
        self.serial = serial
    }

    /// The 15 digits, e.g. `137068100001234`.
    public var digits: String { "\(species.rawValue)\(county)\(serial)" }

    /// The 15 digits.
    public var description: String { digits }
}
