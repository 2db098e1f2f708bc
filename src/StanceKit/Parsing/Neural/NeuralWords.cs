namespace StanceKit.Parsing.Neural;

/// <summary>The word keys and shapes the neural parser's embeddings are looked up by.</summary>
internal static class NeuralWords
{
    /// <summary>Vocabulary indices shared by the word, prefix and suffix vocabularies.</summary>
    public const int Pad = 0, Unknown = 1, Root = 2, FirstWord = 3;
    /// <summary>The shape index of the root.</summary>
    public const int RootShape = NeuralConfig.Shapes - 1;
    /// <summary>The tag index of the root.</summary>
    public const int RootTag = NeuralConfig.Tags - 1;

    /// <summary>The form lower-cased with every ASCII digit replaced by '0'.</summary>
    public static string Key(ReadOnlySpan<char> form)
    {
        Span<char> buffer = form.Length <= 256 ? stackalloc char[form.Length] : new char[form.Length];
        WriteKey(form, buffer);
        return new string(buffer);
    }

    /// <summary>Writes the <see cref="Key"/> of <paramref name="form"/> into <paramref name="key"/> (as long as the form).</summary>
    public static void WriteKey(ReadOnlySpan<char> form, Span<char> key)
    {
        for (int i = 0; i < form.Length; i++)
        {
            char c = char.ToLowerInvariant(form[i]);
            key[i] = c is >= '0' and <= '9' ? '0' : c;
        }
    }

    /// <summary>The first three characters of a key (all of a shorter one).</summary>
    public static string Prefix(string key) => key.Length <= 3 ? key : key[..3];

    /// <summary>The last three characters of a key (all of a shorter one).</summary>
    public static string Suffix(string key) => key.Length <= 3 ? key : key[^3..];

    /// <summary>0 lower, 1 Title, 2 UPPER, 3 mixed case, 4 digits, 5 letters/digits with other characters, 6 punctuation or symbols.</summary>
    public static int Shape(ReadOnlySpan<char> form)
    {
        int lower = 0, upper = 0, digits = 0, other = 0;
        foreach (char c in form)
        {
            if (char.IsLower(c)) lower++;
            else if (char.IsUpper(c)) upper++;
            else if (char.IsDigit(c)) digits++;
            else if (char.IsLetter(c)) lower++;
            else other++;
        }
        int letters = lower + upper;
        if (letters == 0 && digits == 0) return 6;
        if (letters == 0 && other == 0) return 4;
        if (digits > 0 || other > 0) return 5;
        if (upper == 0) return 0;
        if (lower == 0) return 2;
        return upper == 1 && char.IsUpper(form[0]) ? 1 : 3;
    }
}
