import SwitchboardTesting
import Foundation

// Runs the project's test upstream on a port (default 0: any free port), printing
// `listening on PORT` once it accepts connections. It serves every provider's routes: OpenAI Chat
// and Responses and Anthropic under `http://127.0.0.1:PORT/v1`, Gemini under `.../v1beta`.
// Used by the conformance suite and the benchmark.
let arguments = CommandLine.arguments
let port = arguments.count > 1 ? Int(arguments[1]) ?? 0 : 0
let upstream = TestUpstream()
try await upstream.start(port: port)
FileHandle.standardOutput.write(Data("listening on \(upstream.port)\n".utf8))
signal(SIGTERM, SIG_DFL)
while true { try await Task.sleep(for: .seconds(3600)) }
