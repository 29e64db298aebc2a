import Foundation
import Hummingbird
import SwitchboardCore
import SwitchboardFormats
import SwitchboardProviders

/// The mock's image answers: real 64x64 PNGs drawn from the prompt (and the image's position, so
/// `n` images differ), as `b64_json`, or for `response_format: url` as `data:image/png;base64,` URLs.
enum MockImages {
    static func answer(_ options: ImageRequestOptions, seed: String) -> (response: Response, usage: Usage) {
        let data: [JSONValue] = (0..<options.n).map { index in
            let png = Data(MockMediaPNG.image(seed: "\(seed)\(options.prompt)#\(index)")).base64EncodedString()
            if options.responseFormat == "url" {
                return .object(["url": .string("data:image/png;base64," + png), "revised_prompt": .string(options.prompt)])
            }
            return .object(["b64_json": .string(png), "revised_prompt": .string(options.prompt)])
        }
        let answer: JSONValue = .object([
            "created": .int(Int(Date().timeIntervalSince1970)), "data": .array(data), "output_format": "png", "size": "64x64",
        ])
        return (.json(answer), Usage(images: options.n))
    }
}
