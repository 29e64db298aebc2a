import Logging

/// swift-log's stderr handler, with logger metadata formatted when a line is written rather than
/// when a key is set.
///
/// `StreamLogHandler` formats all of its metadata again each time a key changes. Hummingbird sets
/// the request id on the logger of every request, so the gateway paid that formatting per request
/// (about 1 % of its CPU in the benchmark) although almost no request writes a log line.
struct LazyMetadataLogHandler: LogHandler {
    private var stream: StreamLogHandler
    var metadata: Logger.Metadata = [:]

    init(label: String) {
        stream = StreamLogHandler.standardError(label: label)
    }

    var logLevel: Logger.Level {
        get { stream.logLevel }
        set { stream.logLevel = newValue }
    }

    var metadataProvider: Logger.MetadataProvider? {
        get { stream.metadataProvider }
        set { stream.metadataProvider = newValue }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var line = stream
        line.metadata = metadata
        line.log(event: event)
    }
}
