namespace StanceKit;

/// <summary>
/// A half-open range <c>[Start, End)</c> of UTF-16 code units in the caller's text.
/// </summary>
/// <param name="Start">Offset of the first code unit.</param>
/// <param name="Length">Number of code units.</param>
public readonly record struct TextSpan(int Start, int Length)
{
    /// <summary>Offset one past the last code unit.</summary>
    public int End => Start + Length;

    /// <summary>Creates a span from its start and its exclusive end.</summary>
    public static TextSpan FromBounds(int start, int end) => new(start, end - start);

    /// <summary>Whether this span fully contains <paramref name="other"/>.</summary>
    public bool Contains(TextSpan other) => other.Start >= Start && other.End <= End;

    /// <summary>Whether the two spans share at least one code unit.</summary>
    public bool Overlaps(TextSpan other) => other.Start < End && Start < other.End;

    /// <summary>The text this span covers in <paramref name="text"/>.</summary>
    public string GetText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Substring(Start, Length);
    }

    /// <summary>The characters this span covers in <paramref name="text"/>.</summary>
    public ReadOnlySpan<char> Slice(ReadOnlySpan<char> text) => text.Slice(Start, Length);

    /// <inheritdoc />
    public override string ToString() => $"[{Start}, {End})";
}
