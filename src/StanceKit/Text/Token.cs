namespace StanceKit.Text;

/// <summary>What a token is.</summary>
internal enum TokenKind : byte
{
    /// <summary>Letters (possibly with digits, internal periods as in "U.S.").</summary>
    Word,
    /// <summary>Digits, possibly with separators (3.5, 1,000).</summary>
    Number,
    /// <summary>One punctuation or symbol character ("'s" is a Clitic).</summary>
    Punct,
    /// <summary>The possessive or contraction suffix "'s" / "’s".</summary>
    Clitic,
}

/// <summary>A token: a range of the text and its kind.</summary>
internal readonly record struct Token(int Start, int Length, TokenKind Kind)
{
    public int End => Start + Length;
}
