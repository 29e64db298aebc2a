import Testing
import Foundation
import SwitchboardCore
import SwitchboardStore
import SwitchboardTesting

/// The gateway serves each connection itself (``ConnectionDispatcher``), so what Hummingbird's
/// connection loop did is tested here, over raw sockets: pipelined requests in order, bodies held
/// or streamed, an answer that comes before its body ended, `Connection: close`, `Date`.
@Suite("Connections")
struct ConnectionTests {
    static let chat = #"{"model":"mock-1","messages":[{"role":"user","content":"Hello"}]}"#

    static func post(_ path: String, _ body: String, extra: String = "") -> String {
        "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(GatewayHarness.clientKey)\r\n"
            + "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\(extra)\r\n\(body)"
    }

    static func get(_ path: String, extra: String = "") -> String {
        "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(GatewayHarness.clientKey)\r\n\(extra)\r\n"
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() async throws {
        try await Stack.run { harness, _ in
            let port = IncompleteRequestTests.port(harness)
            let responses = await RawHTTPConnection.onThread { () -> [RawHTTPConnection.Response] in
                guard let connection = try? RawHTTPConnection.connect(port: port).get() else { return [] }
                connection.send(Self.get("/health") + Self.post("/v1/chat/completions", Self.chat)
                    + Self.get("/v1/models") + Self.post("/v1/chat/completions", "{not json"))
                return (0..<4).compactMap { _ in connection.readResponse() }
            }
            try #require(responses.count == 4)
            #expect(responses.map(\.status) == [200, 200, 200, 400])
            #expect(responses[0].json?["status"]?.stringValue == "ok")
            #expect(responses[1].json?["object"]?.stringValue == "chat.completion")
            #expect(responses[2].json?["object"]?.stringValue == "list")
            #expect(responses[3].json?["error"]?["type"]?.stringValue == "invalid_request_error")
            #expect(Set(responses.compactMap { $0.headers["x-request-id"] }).count == 4)
            #expect(responses.allSatisfy { $0.headers["date"]?.hasSuffix(" GMT") == true })
        }
    }

    /// A body over the limit by its `Content-Length` is refused before it is sent; the rest of it
    /// is read and dropped, and the connection serves the next request.
    @Test func anAnswerBeforeTheBodyKeepsTheConnection() async throws {
        try await Stack.run(customize: { $0.maxBodyBytes = 64 * 1024 }) { harness, _ in
            let port = IncompleteRequestTests.port(harness)
            let outcome = await RawHTTPConnection.onThread { () -> (early: Int?, next: Int?) in
                guard let connection = try? RawHTTPConnection.connect(port: port).get() else { return (nil, nil) }
                let length = 3 * 1024 * 1024
                connection.send("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                    + "\(GatewayHarness.clientKey)\r\nContent-Length: \(length)\r\n\r\n")
                let early = connection.readResponse()?.status
                connection.send([UInt8](repeating: UInt8(ascii: "x"), count: length))
                connection.send(Self.get("/health"))
                return (early, connection.readResponse()?.status)
            }
            #expect(outcome.early == 413)
            #expect(outcome.next == 200)
        }
    }

    /// A body under the hold limit but over `max_body_bytes` is refused once received, and the
    /// connection goes on.
    @Test func aHeldBodyOverTheLimitIs413AndTheConnectionGoesOn() async throws {
        try await Stack.run(customize: { $0.maxBodyBytes = 1024 }) { harness, _ in
            let port = IncompleteRequestTests.port(harness)
            let statuses = await RawHTTPConnection.onThread { () -> [Int] in
                guard let connection = try? RawHTTPConnection.connect(port: port).get() else { return [] }
                let big = #"{"model":"mock-1","messages":[{"role":"user","content":""# + String(repeating: "a", count: 4096) + #""}]}"#
                connection.send(Self.post("/v1/chat/completions", big) + Self.post("/v1/chat/completions", Self.chat))
                return (0..<2).compactMap { _ in connection.readResponse()?.status }
            }
            #expect(statuses == [413, 200])
        }
    }

    /// A body larger than the gateway holds before dispatch goes to its handler as it arrives.
    @Test func aLargeBodyIsStreamedToItsHandler() async throws {
        try await Stack.run { harness, _ in
            let content = String(repeating: "lorem ipsum ", count: 120_000)
            let exchange = try await harness.post("/v1/chat/completions", json: .object([
                "model": "mock-1", "messages": .array([.object(["role": "user", "content": .string(content)])]),
            ]))
            #expect(exchange.status == 200)
            #expect(exchange.json?["object"]?.stringValue == "chat.completion")
            #expect((exchange.json?["usage"]?["prompt_tokens"]?.intValue ?? 0) > 100_000)
        }
    }

    /// An upload its handler reads more slowly than it arrives (the multipart parser, off the
    /// event loop) ends with the socket paused for it; the pause must end with the body, or the
    /// next request on the connection is never read.
    @Test func aSlowlyReadUploadLeavesTheConnectionReadyForTheNextRequest() async throws {
        try await ImagesAudioStack.run { harness, _ in
            let port = IncompleteRequestTests.port(harness)
            let form = ImagesAudioStack.Form(
                fields: [("model", "mock-image-1"), ("prompt", "x")],
                files: [("image", "big.png", "image/png", [UInt8](repeating: 0x42, count: 2 * 1024 * 1024))])
            let statuses = await RawHTTPConnection.onThread { () -> [Int?] in
                guard let connection = try? RawHTTPConnection.connect(port: port, timeout: 10).get() else { return [] }
                connection.send("POST /v1/images/edits HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                    + "\(GatewayHarness.clientKey)\r\nContent-Type: \(form.contentType)\r\nContent-Length: \(form.body.count)\r\n\r\n")
                connection.send(form.body)
                let upload = connection.readResponse()?.status
                connection.send(Self.get("/health"))
                return [upload, connection.readResponse()?.status]
            }
            #expect(statuses == [200, 200])
        }
    }

    /// A client that leaves half-way through an upload is recorded as having closed the request
    /// (499), not as a failure of the gateway.
    @Test func anUploadCutShortIsRecordedAs499() async throws {
        try await Stack.run { harness, _ in
            let port = IncompleteRequestTests.port(harness)
            await RawHTTPConnection.onThread {
                guard let connection = try? RawHTTPConnection.connect(port: port).get() else { return }
                connection.send("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                    + "\(GatewayHarness.clientKey)\r\nContent-Length: \(3 * 1024 * 1024)\r\n\r\n")
                connection.send([UInt8](repeating: UInt8(ascii: " "), count: 1024 * 1024))
                usleep(200_000)
            }
            var records: [UsageRecord] = []
            for _ in 0..<50 where records.isEmpty {
                try await Task.sleep(for: .milliseconds(100))
                await harness.gateway.recorder.flush()
                records = try await harness.gateway.store.recentUsage(limit: 5)
            }
            #expect(records.map(\.status) == [499])
            #expect(records.first?.errorCode == "client_closed_request")
        }
    }

    @Test func aChunkedBodySentInPartsIsServed() async throws {
        try await Stack.run { harness, _ in
            let port = IncompleteRequestTests.port(harness)
            let response = await RawHTTPConnection.onThread { () -> RawHTTPConnection.Response? in
                guard let connection = try? RawHTTPConnection.connect(port: port).get() else { return nil }
                connection.send("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                    + "\(GatewayHarness.clientKey)\r\nTransfer-Encoding: chunked\r\n\r\n")
                let parts = [#"{"model":"mock-1","#, #""messages":[{"role":"user","#, #""content":"Hello"}]}"#]
                for part in parts {
                    connection.send(String(part.utf8.count, radix: 16) + "\r\n" + part + "\r\n")
                    usleep(50_000)
                }
                connection.send("0\r\n\r\n")
                return connection.readResponse()
            }
            #expect(response?.status == 200)
            #expect(response?.json?["object"]?.stringValue == "chat.completion")
        }
    }

    @Test func connectionCloseEndsTheConnectionAfterTheResponse() async throws {
        try await Stack.run { harness, _ in
            let port = IncompleteRequestTests.port(harness)
            let outcome = await RawHTTPConnection.onThread { () -> (status: Int?, closed: Bool) in
                guard let connection = try? RawHTTPConnection.connect(port: port).get() else { return (nil, false) }
                connection.send(Self.post("/v1/chat/completions", Self.chat, extra: "Connection: close\r\n"))
                return (connection.readResponse()?.status, connection.isClosedByServer())
            }
            #expect(outcome.status == 200)
            #expect(outcome.closed)
        }
    }

    @Test func aStreamedResponseArrivesWhole() async throws {
        try await Stack.run { harness, _ in
            let port = IncompleteRequestTests.port(harness)
            let body = #"{"model":"mock-1","stream":true,"messages":[{"role":"user","content":"Hello"}]}"#
            let responses = await RawHTTPConnection.onThread { () -> [RawHTTPConnection.Response] in
                guard let connection = try? RawHTTPConnection.connect(port: port).get() else { return [] }
                connection.send(Self.post("/v1/chat/completions", body) + Self.get("/health"))
                return (0..<2).compactMap { _ in connection.readResponse() }
            }
            try #require(responses.count == 2)
            #expect(responses[0].headers["content-type"]?.hasPrefix("text/event-stream") == true)
            #expect(String(decoding: responses[0].body, as: UTF8.self).hasSuffix("data: [DONE]\n\n"))
            #expect(responses[1].status == 200)
        }
    }

    /// A response to `HEAD` is its head alone, whatever length it names: the next response on the
    /// connection starts right after it.
    @Test func aResponseToHeadHasNoBody() async throws {
        try await Stack.run { harness, _ in
            let port = IncompleteRequestTests.port(harness)
            let head = "HEAD /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(GatewayHarness.clientKey)\r\n\r\n"
            let responses = await RawHTTPConnection.onThread { () -> [RawHTTPConnection.Response] in
                guard let connection = try? RawHTTPConnection.connect(port: port).get() else { return [] }
                connection.send(head + Self.get("/health"))
                return [connection.readResponse(bodyless: true), connection.readResponse()].compactMap { $0 }
            }
            try #require(responses.count == 2)
            #expect(Int(responses[0].headers["content-length"] ?? "") ?? 0 > 0)
            #expect(responses[1].status == 200)
            #expect(responses[1].json?["status"]?.stringValue == "ok")
        }
    }
}
