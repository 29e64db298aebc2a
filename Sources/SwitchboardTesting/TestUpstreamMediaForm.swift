import Foundation
import MultipartKit
import NIOCore

/// A `multipart/form-data` body as OpenAI's servers read it, for the test upstream's media routes:
/// the text fields and the files by field name; nil when the body is not a form.
struct TestUpstreamMediaForm {
    struct File {
        let filename: String
        let contentType: String?
        let bytes: [UInt8]
    }

    private(set) var fields: [(name: String, value: String)] = []
    private(set) var files: [(name: String, file: File)] = []

    init?(body: [UInt8], contentType: String?) {
        guard let contentType, contentType.lowercased().hasPrefix("multipart/form-data"),
              let boundaryStart = contentType.range(of: "boundary=") else { return nil }
        let boundary = contentType[boundaryStart.upperBound...].split(separator: ";").first.map {
            $0.trimmingCharacters(in: .init(charactersIn: "\" "))
        } ?? ""
        guard !boundary.isEmpty else { return nil }
        var parts: [MultipartPart] = []
        var headers: [(String, String)] = []
        var partBody: [UInt8] = []
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in headers.append((name, value)) }
        parser.onBody = { chunk in partBody += chunk.readableBytesView }
        parser.onPartComplete = {
            parts.append(MultipartPart(headers: .init(headers), body: partBody))
            headers = []
            partBody = []
        }
        do { try parser.execute(body) } catch { return nil }
        guard !parts.isEmpty else { return nil }
        for part in parts {
            let disposition = part.headers.first(name: "content-disposition") ?? ""
            guard let name = Self.parameter("name", in: disposition) else { continue }
            let bytes = Array(part.body.readableBytesView)
            if let filename = Self.parameter("filename", in: disposition) {
                files.append((name, File(filename: filename, contentType: part.headers.first(name: "content-type"), bytes: bytes)))
            } else {
                fields.append((name, String(decoding: bytes, as: UTF8.self)))
            }
        }
    }

    func value(_ name: String) -> String? { fields.first { $0.name == name }?.value }
    func files(_ names: String...) -> [File] { files.filter { names.contains($0.name) }.map(\.file) }

    private static func parameter(_ key: String, in disposition: String) -> String? {
        guard let start = disposition.range(of: "; \(key)=\"") ?? disposition.range(of: ";\(key)=\"") else { return nil }
        let rest = disposition[start.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }
}
