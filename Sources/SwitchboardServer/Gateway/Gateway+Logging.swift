import Logging

extension Gateway {
    /// Logs a request body only when the operator turned `log_bodies` on: prompts stay out of logs by default.
    func logBody(_ body: [UInt8], context: SwitchboardRequestContext) {
        logBody(body, requestID: context.requestID, logger: context.logger)
    }

    func logBody(_ body: [UInt8], requestID: String, logger: Logger) {
        guard configuration.logBodies else { return }
        logger.info("Request body", metadata: [
            "request_id": "\(requestID)", "body": "\(String(decoding: body, as: UTF8.self))",
        ])
    }
}
