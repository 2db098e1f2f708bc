namespace StanceKit;

/// <summary>The 17 universal part-of-speech tags of Universal Dependencies v2 (UPOS).</summary>
public enum UniversalPos : byte
{
    /// <summary>Adjective.</summary>
    Adj = 0,
    /// <summary>Adposition (preposition or postposition).</summary>
    Adp,
    /// <summary>Adverb.</summary>
    Adv,
    /// <summary>Auxiliary verb.</summary>
    Aux,
    /// <summary>Coordinating conjunction.</summary>
    Cconj,
    /// <summary>Determiner.</summary>
    Det,
    /// <summary>Interjection.</summary>
    Intj,
    /// <summary>Noun.</summary>
    Noun,
    /// <summary>Numeral.</summary>
    Num,
    /// <summary>Particle.</summary>
    Part,
    /// <summary>Pronoun.</summary>
    Pron,
    /// <summary>Proper noun.</summary>
    Propn,
    /// <summary>Punctuation.</summary>
    Punct,
    /// <summary>Subordinating conjunction.</summary>
    Sconj,
    /// <summary>Symbol.</summary>
    Sym,
    /// <summary>Verb.</summary>
    Verb,
    /// <summary>Other.</summary>
    X,
}

/// <summary>Conversions between <see cref="UniversalPos"/> and the UD tag names ("NOUN", "PROPN", ...).</summary>
public static class UniversalPosNames
{
    /// <summary>Number of tags.</summary>
    public const int Count = 17;

    private static readonly string[] s_names =
        ["ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON", "PROPN", "PUNCT", "SCONJ", "SYM", "VERB", "X"];

    /// <summary>The UD name of the tag, e.g. "PROPN".</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined tag.</exception>
    public static string ToUDName(this UniversalPos pos) =>
        (uint)pos < Count ? s_names[(int)pos] : throw new ArgumentOutOfRangeException(nameof(pos), pos, "Unknown UPOS tag.");

    /// <summary>Parses a UD tag name (exact, upper case).</summary>
    public static bool TryParse(ReadOnlySpan<char> name, out UniversalPos pos)
    {
        for (int i = 0; i < Count; i++)
        {
            if (name.SequenceEqual(s_names[i])) { pos = (UniversalPos)i; return true; }
        }
        pos = UniversalPos.X;
        return false;
    }
}
