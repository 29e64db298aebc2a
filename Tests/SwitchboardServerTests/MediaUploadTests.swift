import Testing
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import SwitchboardCore
@testable import SwitchboardProviders
@testable import SwitchboardServer

@Suite("Media uploads and the mock's media files")
struct MediaUploadTests {
    @Test func contentDispositionReadsQuotedNamesAndFilenames() {
        let image = ContentDisposition(#"form-data; name="image[]"; filename="a;b=c.png""#)
        #expect(image.name == "image[]" && image.filename == "a;b=c.png")
        let file = ContentDisposition(#"form-data; filename="x.wav"; name="file""#)
        #expect(file.name == "file" && file.filename == "x.wav")
        let prompt = ContentDisposition("form-data; name=prompt")
        #expect(prompt.name == "prompt" && prompt.filename == nil)
        #expect(ContentDisposition(#"form-data; name="a\"b""#).name == "a\"b")
        #expect(ContentDisposition("form-data").name == nil)
    }

    @Test func boundariesAreReadFromTheContentType() {
        #expect(MultipartUpload.boundary(in: "multipart/form-data; boundary=abc") == "abc")
        #expect(MultipartUpload.boundary(in: #"multipart/form-data; charset=utf-8; boundary="q r""#) == "q r")
        #expect(MultipartUpload.boundary(in: "multipart/form-data") == nil)
        #expect(MultipartUpload.boundary(in: "multipart/form-data; boundary=") == nil)
    }

    /// Reads a form through a real Hummingbird request and answers what the upload holds.
    static func read(_ body: String, contentType: String = "multipart/form-data; boundary=B") async throws -> (status: Int, text: String) {
        let router = Router()
        router.post("upload") { request, _ -> String in
            do {
                var upload = try await MultipartUpload.read(request, limit: 1024)
                let fields = upload.fields.map { "\($0.name)=\($0.value)" }.joined(separator: ",")
                let files = upload.files.map { "\($0.name):\($0.filename):\(String(decoding: upload.bytes(of: $0), as: UTF8.self))" }
                let rewritten = String(decoding: upload.body(model: "up"), as: UTF8.self)
                return "\(upload.model ?? "-")|\(fields)|\(files.joined(separator: ","))|\(rewritten)"
            } catch let error as GatewayError {
                return "error \(error.status) \(error.param ?? "-")"
            }
        }
        let app = Application(router: router)
        return try await app.test(.router) { client in
            try await client.execute(uri: "/upload", method: .post, headers: [.contentType: contentType], body: ByteBuffer(string: body)) { response in
                (Int(response.status.code), String(buffer: response.body))
            }
        }
    }

    @Test func formsAreReEncodedWithTheModelLastAndFilesKept() async throws {
        let body = "--B\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nalias\r\n"
            + "--B\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\nhi\r\n"
            + "--B\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\nPNGDATA\r\n--B--\r\n"
        let answer = try await Self.read(body)
        let expected = "--B\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\nhi\r\n"
            + "--B\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\nPNGDATA\r\n"
            + "--B\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nup\r\n--B--\r\n"
        #expect(answer.text == "alias|prompt=hi|image:a.png:PNGDATA|" + expected)
    }

    @Test func brokenFormsAreTheClientsFault() async throws {
        #expect(try await Self.read("no parts here").text == "error 400 -")
        #expect(try await Self.read("--B\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\nhal").text == "error 400 -")
        #expect(try await Self.read("--B\r\nContent-Type: text/plain\r\n\r\nx\r\n--B--\r\n").text == "error 400 -")
        #expect(try await Self.read("x", contentType: "application/json").text == "error 400 -")
        let large = "--B\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a\"\r\n\r\n" + String(repeating: "x", count: 2000) + "\r\n--B--\r\n"
        #expect(try await Self.read(large).text == "error 413 -")
        let longModel = "--B\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\n" + String(repeating: "m", count: 300) + "\r\n--B--\r\n"
        #expect(try await Self.read(longModel).text == "error 400 model")
    }

    @Test func theMocksPNGsHaveRightChecksumsAndItsWAVsRightSizes() {
        let png = MockMediaPNG.image(seed: "x", side: 8)
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        #expect(MockMediaPNG.image(seed: "x", side: 8) == png)
        #expect(MockMediaPNG.image(seed: "y", side: 8) != png)
        #expect(MockMediaPNG.crc32(Array("IEND".utf8)) == 0xAE42_6082)
        #expect(MockMediaPNG.adler32(Array("Wikipedia".utf8)) == 0x11E6_0398)
        let stored = MockMediaPNG.zlibStored([UInt8](repeating: 1, count: 70_000))
        let expectedLength: Int = 2 + 2 * 5 + 70_000 + 4
        #expect(stored.count == expectedLength)

        let speech = MockMediaSpeech(input: String(repeating: "a", count: 10))
        let wav = speech.wav()
        #expect(wav.count == 44 + speech.pcm().count)
        #expect(speech.pcm().count == Int(0.6 * 24_000) * 2)
        #expect(MockMediaSpeech.chunks(wav).count == 8)
        #expect(MockMediaSpeech.chunks(wav).flatMap { $0 } == wav)
    }
}
