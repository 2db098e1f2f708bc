namespace StanceKit;

/// <summary>
/// One syntactic word of a parsed sentence: where it is in the caller's text, its part of speech, its head and the
/// relation to it.
/// </summary>
/// <remarks>
/// A word is usually one token of the tokenizer; the parser splits contractions the way Universal Dependencies
/// does ("don't" gives "do" and "n't", "I'll" gives "I" and "'ll"), so <see cref="Start"/>/<see cref="End"/> may
/// cut a tokenizer token in two. Words never overlap and are in text order.
/// </remarks>
public readonly struct ParsedToken : IEquatable<ParsedToken>
{
    /// <summary>Creates a parsed word.</summary>
    public ParsedToken(int start, int end, UniversalPos pos, int head, DependencyRelation relation)
    {
        Start = start;
        End = end;
        Pos = pos;
        Head = head;
        Relation = relation;
    }

    /// <summary>UTF-16 offset of the first character in the caller's text.</summary>
    public int Start { get; }

    /// <summary>UTF-16 offset one past the last character in the caller's text.</summary>
    public int End { get; }

    /// <summary>Number of UTF-16 code units.</summary>
    public int Length => End - Start;

    /// <summary>The span of the word in the caller's text.</summary>
    public TextSpan Span => TextSpan.FromBounds(Start, End);

    /// <summary>Universal part-of-speech tag.</summary>
    public UniversalPos Pos { get; }

    /// <summary>Index of the head word within the sentence, or -1 for the root of the sentence.</summary>
    public int Head { get; }

    /// <summary>Relation of this word to its head (<see cref="DependencyRelation.Root"/> for the root).</summary>
    public DependencyRelation Relation { get; }

    /// <inheritdoc />
    public bool Equals(ParsedToken other) =>
        Start == other.Start && End == other.End && Pos == other.Pos && Head == other.Head && Relation == other.Relation;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ParsedToken other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Start, End, Pos, Head, Relation);

    /// <summary>Whether two words are equal.</summary>
    public static bool operator ==(ParsedToken left, ParsedToken right) => left.Equals(right);

    /// <summary>Whether two words differ.</summary>
    public static bool operator !=(ParsedToken left, ParsedToken right) => !left.Equals(right);

    /// <inheritdoc />
    public override string ToString() => $"[{Start}, {End}) {Pos.ToUDName()} {Relation.ToUDName()}→{Head}";
}
