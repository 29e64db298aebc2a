import SwitchboardCore

/// A stream chunk with its varying strings left open: the values of `"content"`,
/// `"reasoning_content"`, a tool call's `"arguments"` and OpenAI's `"obfuscation"` padding, with
/// the bytes around them and what the chunk's walk found.
///
/// A stream's content chunks differ only in those strings: the same `id`, `object`, `created`,
/// `model`, the same `"choices":[{"index":0,"delta":{"content":"…"},"logprobs":null,
/// "finish_reason":null}],"usage":null,"obfuscation":"…"}` around the token's text. One string
/// token in the place of another leaves a document exactly as sound as it was, with the same
/// members in the same places (shifted by the difference in length). So a chunk that is this
/// template with other sound strings in it needs only those strings checked, instead of a walk
/// of its members (``ChatCompletionMembers/read(_:resumingFrom:)``), which costs several times
/// as much (BENCHMARKS.md).
struct ChatChunkTemplate: Sendable {
    /// The bytes between the open strings: the first up to and including the first string's
    /// opening quote, each next one from a string's closing quote up to and including the next
    /// one's opening quote, the last from the last string's closing quote to the chunk's end.
    private let segments: [[UInt8]]
    /// Where each open string's opening quote was, in the chunk the template was taken from.
    private let openings: [Int]
    /// Each open string's length with its quotes, in that chunk.
    private let lengths: [Int]
    /// Where the values of the chunk's `model` and `choices` (when an array) lie in it: all a
    /// relay reads of a chunk whose `usage` and `error` are absent or not objects (the only
    /// chunks taken as templates).
    private let model: Range<Int>?
    private let choices: Range<Int>?

    /// At most this many strings are left open (a chunk's later ones are matched byte for byte).
    private static let maximumOpenStrings = 4

    /// The keys whose string values are left open: what a stream's chunks differ by. Each starts
    /// with its own letter (``openKeyEnd(at:in:)`` tells them apart by it).
    private static let openKeys = ["\"content\"", "\"reasoning_content\"", "\"arguments\"", "\"obfuscation\""].map { Array($0.utf8) }

    /// The template of `document`, a sound chunk whose walk found `members`; nil unless it has
    /// text in it (its first open string lies in `choices` and is not empty: the role chunk, the
    /// finish and usage chunks are not worth one), or when it has a `usage` or `error` object
    /// (read from every chunk).
    init?(of document: UnsafeRawBufferPointer, members: ChatCompletionMembers) {
        guard let walkedChoices = members.choices, walkedChoices.kind == .array,
              members.usage.map({ $0.kind != .object }) ?? true, members.error.map({ $0.kind != .object }) ?? true,
              // The search starts at `choices`: an open key's string before it stays in a
              // segment, matched byte for byte.
              let first = Self.nextOpenString(in: document, from: walkedChoices.valueRange.lowerBound),
              walkedChoices.valueRange.contains(first),
              let firstEnd = JSON.endOfRelayedString(in: document, openingQuoteAt: first), firstEnd - first > 2
        else { return nil }
        var segments = [Array(UnsafeRawBufferPointer(rebasing: document[...first]))]
        var openings = [first]
        var lengths = [firstEnd - first]
        var segmentStart = firstEnd - 1
        while openings.count < Self.maximumOpenStrings, let quote = Self.nextOpenString(in: document, from: segmentStart + 1),
              let end = JSON.endOfRelayedString(in: document, openingQuoteAt: quote)
        {
            segments.append(Array(UnsafeRawBufferPointer(rebasing: document[segmentStart...quote])))
            openings.append(quote)
            lengths.append(end - quote)
            segmentStart = end - 1
        }
        segments.append(Array(UnsafeRawBufferPointer(rebasing: document[segmentStart...])))
        self.segments = segments
        self.openings = openings
        self.lengths = lengths
        model = members.model?.valueRange
        choices = walkedChoices.valueRange
    }

    /// What ``match(_:)`` finds of a chunk: where its `model`'s value and its `choices` array lie.
    struct Match {
        let model: Range<Int>?
        let choices: Range<Int>?
    }

    /// Where the members a relay reads lie in `document` (``model``, ``choices``), when it is
    /// this template with sound strings in the open places; nil when it is not.
    @inline(__always)
    func match(_ document: UnsafeRawBufferPointer) -> Match? {
        var position = 0
        // How much longer the chunk is than the template after each open string.
        var moves = InlineArray<4, Int>(repeating: 0)
        var moved = 0
        for index in segments.indices {
            let matches = segments[index].withUnsafeBytes { expected in
                position + expected.count <= document.count
                    && ByteWord.equal(UnsafeRawBufferPointer(rebasing: document[position..<position + expected.count]), expected)
            }
            guard matches else { return nil }
            position += segments[index].count
            guard index < openings.count else { break }
            // The open string runs from the quote that ends this segment to its closing quote,
            // where the next segment starts.
            guard let end = JSON.endOfRelayedString(in: document, openingQuoteAt: position - 1) else { return nil }
            moved += end - (position - 1) - lengths[index]
            moves[index] = moved
            position = end - 1
        }
        guard position == document.count else { return nil }
        let (openings, count) = (self.openings, self.openings.count)
        func move(_ offset: Int) -> Int {
            var index = count - 1
            while index >= 0 {
                if offset > openings[index] { return offset + moves[index] }
                index -= 1
            }
            return offset
        }
        func move(_ range: Range<Int>?) -> Range<Int>? { range.map { move($0.lowerBound)..<move($0.upperBound) } }
        return Match(model: move(model), choices: move(choices))
    }

    /// The opening quote of the next string value of one of the open keys at or after `start`:
    /// the quotes are found eight bytes at a time, and a key is told by the byte after its quote.
    private static func nextOpenString(in document: UnsafeRawBufferPointer, from start: Int) -> Int? {
        var from = start
        while let quote = ByteWord.firstIndex(of: UInt8(ascii: "\""), in: document, from: from) {
            if let keyEnd = openKeyEnd(at: quote, in: document),
               let opening = OpenAIChatStreamRelay.openingQuote(ofValueAfterKeyEndingAt: keyEnd, in: document)
            {
                return opening
            }
            from = quote + 1
        }
        return nil
    }

    /// The end of one of the open keys (its closing quote included) when one starts at `quote`.
    private static func openKeyEnd(at quote: Int, in document: UnsafeRawBufferPointer) -> Int? {
        guard quote + 1 < document.count else { return nil }
        let key: [UInt8]
        switch document[quote + 1] {
        case UInt8(ascii: "c"): key = openKeys[0]
        case UInt8(ascii: "r"): key = openKeys[1]
        case UInt8(ascii: "a"): key = openKeys[2]
        case UInt8(ascii: "o"): key = openKeys[3]
        default: return nil
        }
        guard quote + key.count <= document.count,
              key.withUnsafeBytes({ ByteWord.equal(UnsafeRawBufferPointer(rebasing: document[quote..<quote + key.count]), $0) })
        else { return nil }
        return quote + key.count
    }
}
