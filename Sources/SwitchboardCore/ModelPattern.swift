/// A glob over model names (`*` any run, `?` one character), as keys use to name allowed models.
public struct ModelPattern: Sendable, Hashable, CustomStringConvertible {
    public let pattern: String
    private let characters: [Character]

    public init(_ pattern: String) {
        self.pattern = pattern
        self.characters = Array(pattern)
    }

    public var description: String { pattern }

    public func matches(_ name: String) -> Bool {
        if pattern == "*" { return true }
        let target = Array(name)
        var patternIndex = 0
        var targetIndex = 0
        var starIndex: Int?
        var resumeIndex = 0
        while targetIndex < target.count {
            if patternIndex < characters.count,
                characters[patternIndex] == "?" || characters[patternIndex] == target[targetIndex]
            {
                patternIndex += 1
                targetIndex += 1
            } else if patternIndex < characters.count, characters[patternIndex] == "*" {
                starIndex = patternIndex
                resumeIndex = targetIndex
                patternIndex += 1
            } else if let star = starIndex {
                patternIndex = star + 1
                resumeIndex += 1
                targetIndex = resumeIndex
            } else {
                return false
            }
        }
        while patternIndex < characters.count, characters[patternIndex] == "*" { patternIndex += 1 }
        return patternIndex == characters.count
    }
}

extension Array where Element == ModelPattern {
    /// True when any pattern matches; an empty list allows nothing.
    public func allows(_ model: String) -> Bool {
        contains { $0.matches(model) }
    }
}
