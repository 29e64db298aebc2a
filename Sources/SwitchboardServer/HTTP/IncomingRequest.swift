import SwitchboardCore

/// What one connection knows about the request it is receiving, shared by ``RequestLineSniffer``
/// (raw bytes, before HTTP decoding) and ``ConnectionDispatcher`` (decoded parts).
///
/// When a request cannot be decoded (headers over the limit, bytes that are not HTTP) or stalls
/// half-way (a slowloris client, a body that never finishes), the gateway answers it itself, in
/// the envelope of the endpoint it was addressed to: the path comes from the decoded head's target
/// when there is one, else from the request line the sniffer saw.
///
/// Confined to the connection's event loop; not `Sendable`.
final class IncomingRequest {
    enum Phase: Equatable {
        /// Between requests: nothing of the next one has arrived.
        case idle
        /// Bytes of a request arrived, its head is not complete yet.
        case head
        /// The head was decoded; its body is being received.
        case body
    }

    /// The longest request line kept (enough for any path the gateway serves).
    static let requestLineLimit = 8192

    var phase = Phase.idle
    /// The request target of the decoded head, once there is one.
    var target: String?
    /// The request line seen so far while `phase == .head` (up to ``requestLineLimit`` bytes).
    var requestLine: [UInt8] = []
    /// The request line is complete (or cut at the limit).
    var requestLineDone = false
    /// A response is being written (its head went out, its end not yet).
    var responding = false
    /// The request being received got (or is getting) a response.
    var answered = false
    /// The gateway answered the connection itself and is closing it: later responses are dropped.
    var closing = false

    /// Bytes of a new request arrived (`bytes` without leading blank lines).
    func startRequest() {
        phase = .head
        target = nil
        requestLine.removeAll(keepingCapacity: true)
        requestLineDone = false
        answered = false
    }

    /// Keeps the request line's bytes from `bytes`, up to its end or the limit. Runs on every
    /// read of every request, so it only copies bytes: the path is worked out from them only when
    /// the gateway has to answer a request itself (``envelope``).
    func collectRequestLine(_ bytes: Slice<UnsafeRawBufferPointer>) {
        guard phase == .head, !requestLineDone else { return }
        let end = bytes.firstIndex { $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: "\n") }
        let room = Self.requestLineLimit - requestLine.count
        let line = bytes[..<(end ?? bytes.endIndex)].prefix(room)
        requestLine.append(contentsOf: line)
        requestLineDone = end != nil || requestLine.count >= Self.requestLineLimit
    }

    /// The path of `METHOD SP request-target SP HTTP-version`, without its query; nil when the
    /// line is not one.
    static func path(ofRequestLine line: [UInt8]) -> String? {
        let words = line.split(separator: UInt8(ascii: " "), maxSplits: 2, omittingEmptySubsequences: false)
        guard words.count >= 2, let target = String(validating: words[1], as: UTF8.self) else { return nil }
        return path(ofTarget: target)
    }

    /// The path of a request target (`/v1/models?x=1` -> `/v1/models`); nil unless it is a path.
    static func path(ofTarget target: String) -> String? {
        guard target.hasPrefix("/") else { return nil }
        return String(target.prefix { $0 != "?" && $0 != "#" })
    }

    /// Whether a request is half-received with nothing answered: closing the connection now
    /// would leave its client without a response.
    var isUnanswered: Bool {
        guard !responding, !answered, !closing else { return false }
        return phase == .head || phase == .body
    }

    /// The envelope of the endpoint the request was addressed to (OpenAI's when unknown); a
    /// request line cut short still names enough of its path (`POST /v1/mess`).
    var envelope: ErrorEnvelope {
        ErrorEnvelope(path: target.flatMap(Self.path(ofTarget:)) ?? Self.path(ofRequestLine: requestLine) ?? "/v1")
    }
}
