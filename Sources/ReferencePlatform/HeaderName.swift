import Hummingbird

/// HTTPTypes' `HTTPField.Name`, reached through the `HTTPFields` that Hummingbird re-exports: naming it this way
/// avoids declaring swift-http-types as one more package just to spell custom header names.
typealias HeaderName = HTTPFields.Element.Name
