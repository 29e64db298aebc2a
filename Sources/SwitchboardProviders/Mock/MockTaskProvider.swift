public import SwitchboardCore
import Foundation

/// The built-in offline task provider: a task runs for `seconds` (the channel's `task_seconds`),
/// its progress moving with the time, then succeeds with result URLs — or fails, deterministically,
/// when its prompt contains `fail`.
///
/// Nothing is kept in memory: the upstream id carries when the task started, how long it runs and
/// whether it fails, so any replica can poll it and a restarted gateway picks it up where it was.
/// A music model (its name contains `music`) returns a real WAV (a quarter second of silence) as a
/// `data:` URL; a video model a placeholder URL under `mock.switchboard.invalid`, clearly not media.
public struct MockTaskProvider: TaskProvider {
    let seconds: Double
    public let pollInterval: Double

    public init(seconds: Double = 3) {
        self.seconds = max(0, seconds)
        self.pollInterval = max(0.05, min(1, seconds / 10))
    }

    public func submit(_ job: TaskJob) async throws(GatewayError) -> TaskUpstreamState {
        guard let prompt = job.prompt, !prompt.isEmpty else {
            throw GatewayError.invalidRequest("The mock task models need a `prompt`.", param: "prompt")
        }
        let fails = prompt.lowercased().contains("fail")
        let started = Int64((job.createdAt.timeIntervalSince1970 * 1000).rounded())
        let upstreamID = "mocktask_\(started)_\(Int64(seconds * 1000))_\(fails ? "fail" : "ok")"
        return try await poll(job, upstreamID: upstreamID)
    }

    public func poll(_ job: TaskJob, upstreamID: String) async throws(GatewayError) -> TaskUpstreamState {
        let parts = upstreamID.split(separator: "_")
        guard parts.count == 4, parts[0] == "mocktask", let started = Int64(parts[1]), let duration = Int64(parts[2]) else {
            throw GatewayError(.notFound, "The mock knows no task '\(upstreamID)'.", code: "task_not_found")
        }
        let now = Int64((Date().timeIntervalSince1970 * 1000).rounded())
        let elapsed = now - started
        guard elapsed >= duration else {
            let progress = duration > 0 ? Int(elapsed * 100 / duration) : 0
            return TaskUpstreamState(upstreamID: upstreamID, status: progress == 0 ? .queued : .inProgress, progress: min(99, progress))
        }
        if parts[3] == "fail" {
            return TaskUpstreamState(
                upstreamID: upstreamID, status: .failed, progress: 100,
                errorMessage: "The mock task failed because its prompt asked it to (it contains 'fail').",
                errorCode: "mock_task_failed")
        }
        let isMusic = job.upstreamModel.lowercased().contains("music")
        let output = job.requestedSeconds ?? (isMusic ? 30 : 4)
        let url = isMusic ? Self.silentWAV : "https://mock.switchboard.invalid/videos/\(job.id).mp4"
        return TaskUpstreamState(
            upstreamID: upstreamID, status: .succeeded, progress: 100, urls: [url],
            extras: ["mock": .bool(true), "kind": .string(isMusic ? "music" : "video"), "seconds": .double(output)],
            outputSeconds: output)
    }

    /// A quarter second of silence as a WAV file (8 kHz, 8-bit mono PCM), as a `data:` URL.
    static let silentWAV: String = {
        let samples = 2000
        var bytes: [UInt8] = Array("RIFF".utf8) + littleEndian(UInt32(36 + samples), 4) + Array("WAVEfmt ".utf8)
        bytes += littleEndian(16, 4) + littleEndian(1, 2) + littleEndian(1, 2)  // PCM, mono
        bytes += littleEndian(8000, 4) + littleEndian(8000, 4) + littleEndian(1, 2) + littleEndian(8, 2)
        bytes += Array("data".utf8) + littleEndian(UInt32(samples), 4) + [UInt8](repeating: 128, count: samples)
        return "data:audio/wav;base64," + Data(bytes).base64EncodedString()
    }()

    private static func littleEndian(_ value: UInt32, _ count: Int) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: value >> (8 * UInt32($0))) }
    }
}
