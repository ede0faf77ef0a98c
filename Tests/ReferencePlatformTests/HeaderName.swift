import Hummingbird

/// `HTTPField.Name` through the re-exported `HTTPFields` (the test target does not declare swift-http-types).
typealias HeaderName = HTTPFields.Element.Name
