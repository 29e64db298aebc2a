import Foundation
import SwitchboardCore
import SwitchboardFormats

/// The mock's speech-to-text: it "hears" a fixed sentence that reports the audio's length, in
/// every `response_format` OpenAI offers (`json`, `text`, `srt`, `vtt`, `verbose_json` with a
/// segment and, when asked through `timestamp_granularities[]`, words).
public struct MockMediaTranscription: Sendable {
    public let seconds: Double
    /// `transcribe` or `translate`.
    public let task: String
    public let language: String?
    public let wantsWords: Bool

    public init(seconds: Double, task: String, language: String?, wantsWords: Bool) {
        self.seconds = seconds
        self.task = task
        self.language = language
        self.wantsWords = wantsWords
    }

    public var text: String {
        "Hello from the Switchboard mock transcription. The audio lasts \(String(format: "%.2f", seconds)) seconds."
    }

    /// The answer's body and Content-Type for `format` (one of json, text, srt, vtt, verbose_json).
    public func answer(format: String) -> (contentType: String, body: [UInt8]) {
        switch format {
        case "text":
            return ("text/plain; charset=utf-8", Array((text + "\n").utf8))
        case "srt":
            let cue = "1\n\(Self.timestamp(0, separator: ",")) --> \(Self.timestamp(seconds, separator: ","))\n\(text)\n\n"
            return ("text/plain; charset=utf-8", Array(cue.utf8))
        case "vtt":
            let cue = "WEBVTT\n\n\(Self.timestamp(0, separator: ".")) --> \(Self.timestamp(seconds, separator: "."))\n\(text)\n\n"
            return ("text/plain; charset=utf-8", Array(cue.utf8))
        case "verbose_json":
            return ("application/json", JSON.serialize(verboseJSON()))
        default:
            return ("application/json", JSON.serialize(.object(["text": .string(text), "usage": usage])))
        }
    }

    private var usage: JSONValue {
        .object(["type": "duration", "seconds": .int(Int(seconds.rounded(.up)))])
    }

    private func verboseJSON() -> JSONValue {
        var answer: JSONObject = [
            "task": .string(task), "language": .string(language ?? "english"), "duration": Self.number(seconds),
            "text": .string(text),
            "segments": .array([.object([
                "id": 0, "seek": 0, "start": Self.number(0), "end": Self.number(seconds), "text": .string(" " + text),
                "tokens": .array([.int(50364)]), "temperature": Self.number(0), "avg_logprob": Self.number(-0.1),
                "compression_ratio": Self.number(1), "no_speech_prob": Self.number(0),
            ])]),
        ]
        if wantsWords {
            let words = text.split(separator: " ")
            let step = seconds / Double(max(1, words.count))
            answer["words"] = .array(words.enumerated().map { index, word in
                .object([
                    "word": .string(String(word)), "start": Self.number(Double(index) * step),
                    "end": Self.number(Double(index + 1) * step),
                ])
            })
        }
        answer["usage"] = usage
        return .object(answer)
    }

    private static func number(_ value: Double) -> JSONValue { .number(String(format: "%.2f", value)) }

    /// `HH:MM:SS,mmm` (SRT) or `HH:MM:SS.mmm` (VTT).
    static func timestamp(_ seconds: Double, separator: String) -> String {
        let milliseconds = Int((seconds * 1000).rounded())
        let clock = String(format: "%02d:%02d:%02d", milliseconds / 3_600_000, milliseconds / 60_000 % 60, milliseconds / 1000 % 60)
        return clock + separator + String(format: "%03d", milliseconds % 1000)
    }
}
