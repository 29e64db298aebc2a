public import SwitchboardStore

/// Usage aggregates as an aligned text table for `switchboard usage`: a terminal reader scans
/// columns, so names are left-aligned and numbers right-aligned under upper-case headers.
public enum UsageTable {
    static let headers = [
        "REQUESTS", "FAILED", "PROMPT", "COMPLETION", "CACHED", "CACHE_WRITE", "REASONING", "TOTAL_TOKENS",
        "COST_USD", "AVG_LATENCY_MS",
    ]

    /// The table, one line per aggregate under a header line. The first column is headed by the
    /// grouping (`MODEL`, `DAY`, ...); a total row reads `all`, a group without a value `-`.
    public static func render(_ aggregates: [UsageAggregate], groupedBy grouping: UsageGrouping?) -> String {
        let rows = aggregates.map { aggregate in
            let values = UsageCSV.fields(of: aggregate)
            let group = aggregate.group.map(printable) ?? (grouping == nil ? "all" : "-")
            return [group] + values.dropFirst(1).dropLast(2)
                + [UsageCSV.decimal(aggregate.costUSD, fractionDigits: 6),
                   UsageCSV.decimal(aggregate.averageLatencyMilliseconds, fractionDigits: 1)]
        }
        let lines = [[grouping?.rawValue.uppercased() ?? "USAGE"] + headers] + rows
        let widths = (0..<headers.count + 1).map { column in lines.map { $0[column].count }.max() ?? 0 }
        return lines.map { line in
            line.enumerated().map { column, text in
                let padding = String(repeating: " ", count: widths[column] - text.count)
                return column == 0 ? text + padding : padding + text
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }

    /// A group name with control characters (a client-sent model name could carry terminal escape
    /// sequences or line breaks) shown as `?`.
    private static func printable(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.properties.generalCategory == .control ? "?" : $0 }))
    }
}
