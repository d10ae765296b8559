import Hummingbird
import Routing
import ServiceKit

/// How the router answers each routing failure over HTTP: bad input 400, no path 404, paths
/// that cannot fill the amount (or pay a unit for it) 422, no state yet 503.
extension RoutingError: APIErrorConvertible {
    public var apiError: APIError {
        APIError(status: status, code: code, message: message, details: details)
    }

    var status: HTTPResponse.Status {
        switch self {
        case .unknownToken, .unknownPool, .invalidAmount, .invalidParameter, .poolDoesNotTrade: .badRequest
        case .noRoute: .notFound
        case .insufficientLiquidity, .amountTooSmall, .swapFailed: .unprocessableContent
        case .stateNotReady: .serviceUnavailable
        }
    }
}
