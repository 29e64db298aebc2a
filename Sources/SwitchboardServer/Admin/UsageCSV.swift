public import SwitchboardStore
import Foundation

/// Usage aggregates as CSV, shared by `GET /admin/v1/usage.csv` and `switchboard usage --csv` so a
/// spreadsheet gets the same columns from either.
///
/// RFC 4180: a header line, CRLF line ends, a field quoted (its quotes doubled) when it holds a comma,
/// a quote or a line break. Numbers are plain decimals (no exponent, no float noise). A group name
/// is client-controlled (a model name a client sent), so one that a spreadsheet would run as a formula
/// (starting with `=`, `+`, `-`, `@`, tab or CR) is prefixed with `'`.
public enum UsageCSV {
    public static let columns = [
        "group", "requests", "failed_requests", "prompt_tokens", "completion_tokens", "cached_tokens",
        "cache_write_tokens", "reasoning_tokens", "total_tokens", "cost_usd", "avg_latency_ms",
    ]

    public static func render(_ aggregates: [UsageAggregate]) -> String {
        var text = columns.joined(separator: ",") + "\r\n"
        for aggregate in aggregates {
            text += fields(of: aggregate).map(field).joined(separator: ",") + "\r\n"
        }
        return text
    }

    /// One aggregate's values in `columns` order, as text; the group is empty when it has none.
    static func fields(of aggregate: UsageAggregate) -> [String] {
        [
            neutralized(aggregate.group ?? ""), String(aggregate.requests), String(aggregate.failedRequests),
            String(aggregate.usage.promptTokens), String(aggregate.usage.completionTokens),
            String(aggregate.usage.cachedTokens), String(aggregate.usage.cacheWriteTokens),
            String(aggregate.usage.reasoningTokens), String(aggregate.totalTokens),
            decimal(aggregate.costUSD, fractionDigits: 10), decimal(aggregate.averageLatencyMilliseconds, fractionDigits: 3),
        ]
    }

    /// A field quoted when RFC 4180 requires it.
    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else {
            return text
        }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// `value` with at most `fractionDigits` decimals, trailing zeros dropped: `0.000123`, `12.5`, `3`.
    static func decimal(_ value: Double, fractionDigits: Int) -> String {
        guard value.isFinite else { return "0" }
        var text = String(format: "%.\(fractionDigits)f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }

    private static func neutralized(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return text }
        return "'" + text
    }
}
