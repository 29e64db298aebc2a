/// The text forms rate-limit headers and messages use: OpenAI's Go-style durations and
/// Anthropic's RFC 3339 UTC times. Written by hand because they sit on every response.
enum RateLimitFormat {
    /// Whole milliseconds, rounded up so a client waiting that long is never early; 0 when negative.
    static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        guard seconds >= 0, attoseconds >= 0 else { return 0 }
        let attosecondsPerMillisecond: Int64 = 1_000_000_000_000_000
        let (whole, part) = attoseconds.quotientAndRemainder(dividingBy: attosecondsPerMillisecond)
        return min(seconds, 1_000_000_000_000) * 1000 + whole + (part > 0 ? 1 : 0)
    }

    /// Go's `time.Duration` notation at millisecond precision, as OpenAI's `x-ratelimit-reset-*`
    /// headers use it: `0s`, `20ms`, `1s`, `1.5s`, `6m0s`, `1m30.5s`, `1h2m3s`.
    static func goDuration(_ duration: Duration) -> String {
        let total = milliseconds(duration)
        if total == 0 { return "0s" }
        if total < 1000 { return "\(total)ms" }
        let hours = total / 3_600_000
        let minutes = total / 60000 % 60
        let seconds = total / 1000 % 60
        var text = ""
        if hours > 0 { text += "\(hours)h" }
        if hours > 0 || minutes > 0 { text += "\(minutes)m" }
        text += "\(seconds)"
        var fraction = total % 1000
        if fraction > 0 {
            var digits = 3
            while fraction % 10 == 0 {
                fraction /= 10
                digits -= 1
            }
            text += "." + padded(fraction, to: digits)
        }
        return text + "s"
    }

    /// `2025-10-25T12:01:00Z` for a time in whole seconds since 1970 (UTC), kept within years 1970-9999.
    static func rfc3339(secondsSince1970 time: Int64) -> String {
        let (days, secondOfDay) = floorDivision(min(max(time, 0), 253_402_300_799), 86400)
        // Civil date from a day count (Howard Hinnant's civil_from_days).
        let shifted = days + 719_468
        let era = shifted / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return String(unsafeUninitializedCapacity: 20) { buffer in
            var position = 0
            func write(_ value: Int64, width: Int, then separator: Character) {
                var value = value
                for offset in stride(from: width - 1, through: 0, by: -1) {
                    buffer[position + offset] = UInt8(ascii: "0") + UInt8(value % 10)
                    value /= 10
                }
                buffer[position + width] = separator.asciiValue!
                position += width + 1
            }
            write(year, width: 4, then: "-")
            write(month, width: 2, then: "-")
            write(day, width: 2, then: "T")
            write(secondOfDay / 3600, width: 2, then: ":")
            write(secondOfDay / 60 % 60, width: 2, then: ":")
            write(secondOfDay % 60, width: 2, then: "Z")
            return position
        }
    }

    private static func floorDivision(_ value: Int64, _ divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        let (quotient, remainder) = value.quotientAndRemainder(dividingBy: divisor)
        return remainder < 0 ? (quotient - 1, remainder + divisor) : (quotient, remainder)
    }

    private static func padded(_ value: Int64, to width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
