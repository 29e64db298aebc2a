import NIOCore

/// Runs a task's jobs on one NIO event loop.
///
/// A request's task, its socket and its upstream connection then share one thread: no wake-up of
/// another thread each time an await resumes. (Without it, every request bounces between NIO's
/// threads and Swift's global pool several times; bench/ shows what that costs.)
final class EventLoopTaskExecutor: TaskExecutor, Sendable {
    let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute {
            job.runSynchronously(on: self.asUnownedTaskExecutor())
        }
    }
}
