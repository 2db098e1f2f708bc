using System.Collections;

namespace StanceKit;

/// <summary>A parsed sentence: its span and its words (a view over one array; no string per word).</summary>
public sealed class ParsedSentence : IReadOnlyList<ParsedToken>
{
    private readonly ParsedToken[] _tokens;

    internal ParsedSentence(TextSpan span, ParsedToken[] tokens)
    {
        Span = span;
        _tokens = tokens;
    }

    /// <summary>The sentence span in the caller's text.</summary>
    public TextSpan Span { get; }

    /// <summary>Number of words.</summary>
    public int Count => _tokens.Length;

    /// <summary>The word at <paramref name="index"/>.</summary>
    public ParsedToken this[int index] => _tokens[index];

    /// <summary>Index of the root word, or -1 when the sentence has no word.</summary>
    public int RootIndex
    {
        get
        {
            for (int i = 0; i < _tokens.Length; i++) if (_tokens[i].Head < 0) return i;
            return -1;
        }
    }

    /// <summary>The words as a span.</summary>
    public ReadOnlySpan<ParsedToken> AsSpan() => _tokens;

    /// <inheritdoc />
    public IEnumerator<ParsedToken> GetEnumerator() => ((IEnumerable<ParsedToken>)_tokens).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
