import Foundation
import Synchronization

/// The jobs the test upstream's task APIs have accepted (OpenAI videos, Suno-style music): each
/// is queued for its first fifth, running until ``duration``, then done — failed when its prompt
/// contains `fail`. Shared by every test upstream in the process; ids are random.
final class TestUpstreamTaskBoard: Sendable {
    static let shared = TestUpstreamTaskBoard()

    /// How long a job takes, in seconds.
    static let duration: TimeInterval = 1.0

    struct Job: Sendable {
        enum Phase: Sendable { case queued, running, done }

        var kind: String
        var model: String
        var prompt: String
        var seconds: String
        var size: String
        var created = Date()

        var fails: Bool { prompt.lowercased().contains("fail") }

        var elapsed: TimeInterval { Date().timeIntervalSince(created) }

        var phase: Phase {
            if elapsed >= TestUpstreamTaskBoard.duration { return .done }
            return elapsed < TestUpstreamTaskBoard.duration / 5 ? .queued : .running
        }

        var progress: Int { min(100, Int(elapsed / TestUpstreamTaskBoard.duration * 100)) }
    }

    private let jobs = Mutex<[String: Job]>([:])

    func add(_ job: Job, prefix: String) -> String {
        let id = prefix + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        jobs.withLock { $0[id] = job }
        return id
    }

    func job(_ id: String) -> Job? { jobs.withLock { $0[id] } }

    /// A minimal MP4 header (an `ftyp` box and an empty `mdat`): what the content route serves.
    static let mp4Bytes: [UInt8] = [
        0, 0, 0, 24, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6F, 0x6D, 0, 0, 2, 0, 0x69, 0x73, 0x6F, 0x6D, 0x6D, 0x70, 0x34, 0x31,
        0, 0, 0, 8, 0x6D, 0x64, 0x61, 0x74,
    ]
}
