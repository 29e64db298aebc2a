import Foundation
import Hummingbird
import MultipartKit
import NIOCore
import SwitchboardCore

/// A `multipart/form-data` upload (image edits, audio), read from the client once and kept once:
/// as it arrives, every part but `model` is re-encoded into the body the upstream will get (same
/// boundary, headers and bytes), so no second copy of the files is ever made. The text fields are
/// also kept as strings, and each file as the range of its bytes in that body.
struct MultipartUpload: Sendable {
    /// A part that carried a `filename`.
    struct File: Sendable {
        let name: String
        let filename: String
        let contentType: String?
        /// Where its bytes are in ``encoded``.
        let range: Range<Int>
        var length: Int { range.count }
    }

    let boundary: String
    /// Every part but `model`, encoded, without the closing delimiter.
    private(set) var encoded: [UInt8]
    private let partsEnd: Int
    /// Text fields in the order they came, repeated names (`timestamp_granularities[]`) included.
    let fields: [(name: String, value: String)]
    let files: [File]
    /// The `model` field, nil when there was none.
    let model: String?

    /// The `Content-Type` of the re-encoded body.
    var contentType: String { "multipart/form-data; boundary=\(boundary)" }

    /// The bytes of the text fields (what admission estimates prompt tokens from).
    var textBytes: Int { fields.reduce(0) { $0 + $1.value.utf8.count } }

    func value(_ name: String) -> String? { fields.first { $0.name == name }?.value }
    func values(_ name: String) -> [String] { fields.filter { $0.name == name }.map(\.value) }
    func files(named names: Set<String>) -> [File] { files.filter { names.contains($0.name) } }
    func bytes(of file: File) -> ArraySlice<UInt8> { encoded[file.range] }

    /// The body for the upstream with `model` set: the parts, a `model` part, the closing
    /// delimiter. Rewritten in place after the parts, so each attempt costs no copy of the files.
    mutating func body(model upstreamModel: String) -> [UInt8] {
        encoded.removeSubrange(partsEnd...)
        encoded += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\n\(upstreamModel)\r\n--\(boundary)--\r\n".utf8)
        return encoded
    }

    /// Reads the request's form, at most `limit` bytes (413 above, before reading further); a body
    /// that is not a well-formed multipart form is a 400.
    ///
    /// Parsing is CPU work (MultipartKit scans byte by byte), so it runs on the global executor
    /// rather than on the connection's event loop, which meanwhile keeps serving its other
    /// connections (and their timers) instead of stalling behind one large upload.
    static func read(_ request: Request, limit: Int) async throws -> MultipartUpload {
        try await withTaskExecutorPreference(globalConcurrentExecutor) {
            try await parse(request, limit: limit)
        }
    }

    private static func parse(_ request: Request, limit: Int) async throws -> MultipartUpload {
        let contentType = request.headers[.contentType] ?? ""
        guard contentType.lowercased().hasPrefix("multipart/form-data"), let boundary = Self.boundary(in: contentType) else {
            throw GatewayError.invalidRequest(
                "The request body must be multipart/form-data with a boundary (Content-Type was '\(contentType)').")
        }
        if let length = request.headers.firstValue(.contentLength).flatMap(Int.init), length > limit {
            throw GatewayError(.requestTooLarge, "The upload (\(length) bytes) is larger than the \(limit) bytes this endpoint accepts.")
        }
        let collector = MultipartCollector(boundary: boundary)
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in collector.header(name: name, value: value) }
        parser.onBody = { chunk in collector.body(chunk) }
        parser.onPartComplete = { collector.complete() }
        var received = 0
        for try await chunk in request.body {
            received += chunk.readableBytes
            guard received <= limit else {
                throw GatewayError(.requestTooLarge, "The upload is larger than the \(limit) bytes this endpoint accepts.")
            }
            do {
                try parser.execute(chunk)
            } catch {
                throw GatewayError.invalidRequest("The multipart body is malformed (a part's headers could not be read).")
            }
            if let problem = collector.problem { throw problem }
        }
        return try collector.upload()
    }

    /// The `boundary` parameter of a multipart Content-Type.
    static func boundary(in contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: CharacterSet(charactersIn: " \t")).lowercased() == "boundary" else { continue }
            let value = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: " \t\""))
            return value.isEmpty || value.count > 200 ? nil : value
        }
        return nil
    }

    fileprivate init(boundary: String, encoded: [UInt8], fields: [(name: String, value: String)], files: [File], model: String?) {
        self.boundary = boundary
        self.encoded = encoded
        self.partsEnd = encoded.count
        self.fields = fields
        self.files = files
        self.model = model
    }
}

/// Builds a ``MultipartUpload`` from the parser's callbacks, part by part.
private final class MultipartCollector {
    static let maximumModelBytes = 256
    let boundary: String
    var encoded: [UInt8] = []
    var headers: [(name: String, value: String)] = []
    var current: (disposition: ContentDisposition, isModel: Bool, bodyStart: Int)?
    var modelBytes: [UInt8] = []
    var fields: [(name: String, value: String)] = []
    var files: [MultipartUpload.File] = []
    var model: String?
    var partOpen = false
    var problem: GatewayError?

    init(boundary: String) { self.boundary = boundary }

    func header(name: String, value: String) {
        partOpen = true
        headers.append((name, value))
    }

    func body(_ chunk: ByteBuffer) {
        partOpen = true
        guard let current = start() else { return }
        if current.isModel {
            modelBytes += chunk.readableBytesView
            if modelBytes.count > Self.maximumModelBytes {
                problem = problem ?? .invalidRequest("'model' is longer than \(Self.maximumModelBytes) bytes.", param: "model")
            }
        } else {
            encoded += chunk.readableBytesView
        }
    }

    func complete() {
        defer {
            current = nil
            headers = []
            modelBytes = []
            partOpen = false
        }
        guard let current = start() else { return }
        if current.isModel {
            if model == nil { model = String(decoding: modelBytes, as: UTF8.self) }
            return
        }
        let range = current.bodyStart..<encoded.count
        encoded += Array("\r\n".utf8)
        guard let name = current.disposition.name else { return }
        if let filename = current.disposition.filename {
            let contentType = headers.first { $0.name.lowercased() == "content-type" }?.value
            files.append(MultipartUpload.File(name: name, filename: filename, contentType: contentType, range: range))
        } else {
            fields.append((name, String(decoding: encoded[range], as: UTF8.self)))
        }
    }

    /// The part being read, its headers written out the first time it is asked for.
    private func start() -> (disposition: ContentDisposition, isModel: Bool, bodyStart: Int)? {
        if let current { return current }
        guard problem == nil else { return nil }
        let disposition = ContentDisposition(headers.first { $0.name.lowercased() == "content-disposition" }?.value ?? "")
        guard let name = disposition.name, !name.isEmpty else {
            problem = .invalidRequest("A multipart part has no name in its Content-Disposition header.")
            return nil
        }
        let isModel = name == "model" && disposition.filename == nil
        if !isModel {
            encoded += Array("--\(boundary)\r\n".utf8)
            for header in headers { encoded += Array("\(header.name): \(header.value)\r\n".utf8) }
            encoded += Array("\r\n".utf8)
        }
        let started = (disposition, isModel, encoded.count)
        current = started
        return started
    }

    func upload() throws(GatewayError) -> MultipartUpload {
        if let problem { throw problem }
        guard !partOpen else {
            throw GatewayError.invalidRequest("The multipart body ended in the middle of a part (no closing boundary).")
        }
        guard !fields.isEmpty || !files.isEmpty || model != nil else {
            throw GatewayError.invalidRequest("The multipart body holds no part (boundary '\(boundary)' was not found).")
        }
        return MultipartUpload(boundary: boundary, encoded: encoded, fields: fields, files: files, model: model)
    }
}
