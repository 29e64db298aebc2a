import Foundation
import SwitchboardCore

/// The recorded provider traffic shipped with this target (see `Fixtures/SOURCES.md`).
public enum Fixtures {
    /// The bytes of a fixture, by its path under `Fixtures/` (`openai/chat-nonstream-text.json`).
    public static func data(_ path: String) throws -> [UInt8] {
        guard let root = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
            throw FixtureError.missing("Fixtures")
        }
        let url = root.appendingPathComponent(path)
        guard let data = FileManager.default.contents(atPath: url.path) else { throw FixtureError.missing(path) }
        return Array(data)
    }

    /// The names of the fixtures in a folder under `Fixtures/` (`anthropic`), sorted.
    public static func names(in folder: String) throws -> [String] {
        guard let root = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
            throw FixtureError.missing("Fixtures")
        }
        return try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path).sorted()
    }

    /// A stream fixture as the SSE body the provider sent: `.sse` files as they are, `.jsonl` files
    /// (one data payload a line) framed the way their provider frames events: Chat Completions as
    /// `data:` events closed with `data: [DONE]`, OpenAI Responses and Anthropic with an
    /// `event: <type>` line, Gemini with CRLF separators.
    public static func streamBody(_ path: String) throws -> [UInt8] {
        let bytes = try data(path)
        guard path.hasSuffix(".jsonl") else { return bytes }
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n").filter { !$0.isEmpty }
        var output: [UInt8] = []
        if path.hasPrefix("anthropic/") || path.hasPrefix("openai/responses-") {
            for line in lines {
                let type = (try? JSON.parse(Array(line.utf8)))?["type"]?.stringValue ?? "message"
                output += Array("event: \(type)\ndata: \(line)\n\n".utf8)
            }
        } else if path.hasPrefix("gemini/") {
            for line in lines { output += Array("data: \(line)\r\n\r\n".utf8) }
        } else {
            for line in lines { output += Array("data: \(line)\n\n".utf8) }
            output += Array("data: [DONE]\n\n".utf8)
        }
        return output
    }

    /// Splits an SSE body into its events, each with its own bytes and the blank line after it.
    public static func events(of body: [UInt8]) -> [[UInt8]] {
        var events: [[UInt8]] = []
        var start = 0
        var index = 0
        while index < body.count {
            if body[index] == 0x0A, index + 1 < body.count, body[index + 1] == 0x0A {
                events.append(Array(body[start...(index + 1)]))
                start = index + 2
                index += 2
                continue
            }
            if body[index] == 0x0D, index + 3 < body.count, Array(body[index...(index + 3)]) == [0x0D, 0x0A, 0x0D, 0x0A] {
                events.append(Array(body[start...(index + 3)]))
                start = index + 4
                index += 4
                continue
            }
            index += 1
        }
        if start < body.count { events.append(Array(body[start...])) }
        return events
    }
}

public enum FixtureError: Error, CustomStringConvertible {
    case missing(String)
    public var description: String {
        switch self {
        case .missing(let path): "fixture not found: \(path)"
        }
    }
}
