import Hummingbird
import HTTPTypes
import NIOCore

extension TestUpstreamScenario {
    /// The answer for `fault`, the `attempt`th request for this model name, on `connection`.
    func respond(to fault: TestUpstreamFault, attempt: Int, connection: TestUpstreamConnection) async throws -> Response {
        switch fault {
        case .status(let code, let retryAfter):
            return error(status: code, message: "Injected upstream failure \(code)", retryAfter: retryAfter)
        case .flaky(let failures, let code):
            guard attempt > failures else {
                return error(status: code, message: "Injected upstream failure \(code) (attempt \(attempt) of \(failures) failing)")
            }
            return try replay(defaultCapture)
        case .slowStream:
            return slowStream(connection: connection)
        case .stallBeforeFirstByte(let duration):
            try await connection.run { try await connection.pause(for: duration) }
            return try replay(defaultCapture)
        case .stallMidStream(let duration):
            return try cutAnswer(connection: connection) { try await connection.pause(for: duration) }
        case .resetBeforeHeaders:
            await connection.reset()
            throw TestUpstreamInterruption.reset
        case .resetMidStream:
            return try cutAnswer(connection: connection) {
                // Give the client time to read what was sent: a reset may discard unread bytes.
                try await connection.pause(for: .milliseconds(100))
                await connection.reset()
                throw TestUpstreamInterruption.reset
            }
        case .dropMidStream:
            return try partialStream(then: nil)
        case .streamError:
            return try partialStream(then: wire.streamErrorEvents)
        case .badJSON:
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: wire.brokenJSON)))
        case .badSSE:
            let contentType = framing == .jsonArray ? framing.contentType : "text/event-stream"
            return Response(
                status: .ok, headers: [.contentType: contentType],
                body: .init(byteBuffer: ByteBuffer(bytes: TestUpstreamBadStream.body(wire: wire, framing: framing))))
        case .huge(let bytes, let alwaysStream):
            return stream || alwaysStream ? hugeStream(bytes: bytes, connection: connection) : hugeAnswer(bytes: bytes, connection: connection)
        case .drip(let interval):
            return drip(interval: interval, connection: connection)
        }
    }

    /// The text answer with `interruption` run after its first part: the first 2 stream events,
    /// or the first half of a non-stream body (sent with its full `Content-Length`).
    private func cutAnswer(connection: TestUpstreamConnection, interruption: @escaping @Sendable () async throws -> Void) throws -> Response {
        let pieces: [[UInt8]]
        let contentType: String
        if stream {
            pieces = try TestUpstreamCapture.streamPieces(folder: wire.fixtureFolder, name: defaultCapture, framing: framing)
            contentType = framing.contentType
        } else {
            let body = try TestUpstreamCapture.nonStream(folder: wire.fixtureFolder, name: defaultCapture).body
            pieces = [Array(body[..<(body.count / 2)]), Array(body[(body.count / 2)...])]
            contentType = "application/json"
        }
        let head = stream ? 2 : 1
        let length = stream ? nil : pieces.reduce(0) { $0 + $1.count }
        return Response(status: .ok, headers: [.contentType: contentType], body: ResponseBody(contentLength: length) { writer in
            try await connection.run {
                for piece in pieces.prefix(head) { try await writer.write(ByteBuffer(bytes: piece)) }
                try await interruption()
                for piece in pieces.dropFirst(head) { try await writer.write(ByteBuffer(bytes: piece)) }
            }
            try await writer.finish(nil)
        })
    }

    private func slowStream(connection: TestUpstreamConnection) -> Response {
        let pieces = framing.frame(TestUpstreamSlowStream.payloads(wire: wire, ticks: 200))
        return Response(status: .ok, headers: [.contentType: framing.contentType], body: ResponseBody { writer in
            try await connection.run {
                for piece in pieces {
                    try await writer.write(ByteBuffer(bytes: piece))
                    try await connection.pause(for: .milliseconds(50))
                }
            }
            try await writer.finish(nil)
        })
    }

    private func hugeAnswer(bytes: Int, connection: TestUpstreamConnection) -> Response {
        let pieces = TestUpstreamBulkAnswer.answer(wire: wire, bytes: bytes)
        return Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: ResponseBody(contentLength: pieces.byteCount) { writer in
                try await connection.run { try await TestUpstreamBulkWriter.write(pieces, to: &writer, connection: connection) }
                try await writer.finish(nil)
            })
    }

    private func hugeStream(bytes: Int, connection: TestUpstreamConnection) -> Response {
        let (wire, framing) = (wire, framing)
        return Response(status: .ok, headers: [.contentType: framing.contentType], body: ResponseBody { writer in
            try await connection.run {
                var events = TestUpstreamHugeStream(wire: wire, framing: framing, target: bytes)
                while let pieces = events.next() {
                    try await TestUpstreamBulkWriter.write(pieces, to: &writer, connection: connection)
                }
            }
            try await writer.finish(nil)
        })
    }

    private func drip(interval: Duration, connection: TestUpstreamConnection) -> Response {
        let text = TestUpstreamBulkPiece("drip")
        let bytes = stream
            ? TestUpstreamBulkAnswer.stream(wire: wire, framing: framing, text: text).bytes
            : TestUpstreamBulkAnswer.answer(wire: wire, text: text, outputTokens: 1).bytes
        return Response(
            status: .ok, headers: [.contentType: stream ? framing.contentType : "application/json"],
            body: ResponseBody(contentLength: stream ? nil : bytes.count) { writer in
                try await connection.run {
                    for (index, byte) in bytes.enumerated() {
                        if index > 0 { try await connection.pause(for: interval) }
                        try await writer.write(ByteBuffer(bytes: [byte]))
                    }
                }
                try await writer.finish(nil)
            })
    }
}
