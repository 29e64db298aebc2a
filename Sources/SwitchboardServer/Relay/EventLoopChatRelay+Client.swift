import SwitchboardCore

/// What happens to the client's connection while ``EventLoopChatRelay`` serves it: it can take
/// more, it went away, it closed its side; and the shutdown deadline passing.
extension EventLoopChatRelay {
    /// The client's connection can take more: a stream held back for it reads on.
    func clientWritable() {
        if phase == .streaming { exchange?.resumeReading() }
    }

    /// The client's connection closed: the upstream request is cancelled and the request recorded
    /// as the client's doing (499), charged for what was generated.
    func clientWentAway() {
        guard phase != .finished else { return }
        let accounting = attempt ?? cursor?.unrecorded
        attempt = nil
        phase = .finished
        cancelExchange()
        accounting?.cancel(usage: streamRelay?.usage, firstToken: firstToken, countedOutputTokens: contentEvents)
        release()
    }

    /// The client closed its side of the connection: a stream it can no longer be asked about
    /// ends (as ``ClientDisconnectObserver`` ends one on the task path); an answer being read is
    /// still sent.
    func clientClosedInput() {
        guard chat?.stream == true, phase != .finished else { return }
        let accounting = attempt ?? cursor?.unrecorded
        attempt = nil
        cancelExchange()
        accounting?.cancel(usage: streamRelay?.usage, firstToken: firstToken, countedOutputTokens: contentEvents)
        if opened {
            finishResponse()
        } else {
            phase = .finished
            release()
            dispatcher.abandon(generation: generation)
        }
    }

    /// The shutdown grace ran out while this stream was still running: it ends with an error
    /// event (or, not opened yet, an error response), recorded as 503.
    func shutdownDeadlinePassed() {
        guard phase != .finished else { return }
        backoffTimer?.cancel()
        backoffTimer = nil
        cancelExchange()
        if opened {
            streamFailed(ShutdownDeadline.error)
            return
        }
        if var accounting = attempt ?? cursor?.unrecorded {
            attempt = nil
            accounting.retriesRemain = false
            accounting.fail(
                ShutdownDeadline.error, usage: streamRelay?.usage, firstToken: firstToken,
                countedOutputTokens: contentEvents, beforeResponse: true)
        }
        answer(ShutdownDeadline.error)
    }
}
