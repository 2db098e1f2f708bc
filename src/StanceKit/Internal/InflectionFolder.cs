namespace StanceKit.Internal;

/// <summary>
/// Folds the regular inflections of an English word to one form (<see cref="FeatureRecipe.FoldInflections"/>):
/// "lambasts", "lambasted" and "lambasting" all become "lambast", "denies" and "denied" become "deny", "criticises",
/// "criticised" and "criticise" become "criticis". The folded form is a key, not a word: it only has to be the same for
/// the forms of one verb or noun, so that an inflection never seen in training meets the one that was. Measured on our
/// dev sets (docs/stance-model.md): a third of the content words missing from the training vocabulary are found again.
/// </summary>
/// <remarks>
/// Rules, in order, on a lower-case word of letters only (anything else is left as it is): words of three letters or
/// fewer stay; "-ies"/"-ied" become "-y" (five letters or more); "-ing" and "-ed" are cut when at least three letters with
/// a vowel remain ("-eed" words such as "agreed", "speed" are kept), and a doubled final b/d/g/m/n/p/r/t/v of what remains
/// is undoubled ("shipped" → "ship"); a final "s" is cut unless the word ends "ss", "us" or "is" ("press", "campus",
/// "crisis"), with the "e" of "-ches"/"-shes"/"-xes"/"-sses"/"-zzes"; last, a final "e" after a letter other than "e" is
/// cut from what remains when that is five letters or more ("violate" → "violat", as "violated" and "violating"). Irregular
/// forms ("sought", "fled") are not folded.
/// </remarks>
internal static class InflectionFolder
{
    /// <summary>Longest word that is folded; longer ones are left as they are.</summary>
    public const int MaxLength = 40;

    /// <summary>
    /// Folds the lower-case word in <paramref name="word"/>[..<paramref name="length"/>] in place; returns the folded
    /// length (the word is only ever shortened, by cutting its end, or its last letters rewritten as "y").
    /// </summary>
    public static int Fold(Span<char> word, int length)
    {
        if (length <= 3 || length > MaxLength) return length;
        var w = word[..length];
        foreach (char c in w) if (c is < 'a' or > 'z') return length;
        if (length >= 5 && w[^3] == 'i' && w[^2] == 'e' && (w[^1] == 's' || w[^1] == 'd'))
        {
            word[length - 3] = 'y';
            return length - 2;
        }
        if (EndsWith(w, "ing") && length - 3 >= 3)
            return HasVowel(w[..(length - 3)]) ? Undouble(w, length - 3) : length;
        if (EndsWith(w, "ed") && length - 2 >= 3 && !EndsWith(w, "eed"))
            return HasVowel(w[..(length - 2)]) ? Undouble(w, length - 2) : length;
        if (w[^1] == 's' && !(EndsWith(w, "ss") || EndsWith(w, "us") || EndsWith(w, "is")))
        {
            int n = length - 1;
            if (w[n - 1] == 'e' && (EndsWith(w[..(n - 1)], "ch") || EndsWith(w[..(n - 1)], "sh") || EndsWith(w[..(n - 1)], "x") || EndsWith(w[..(n - 1)], "ss") || EndsWith(w[..(n - 1)], "zz"))) n--;
            return DropE(w, n);
        }
        return DropE(w, length);
    }

    /// <summary>The folded form as a string (tests and measurements; allocates).</summary>
    public static string Fold(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (word.Length > MaxLength) return word;
        Span<char> buf = stackalloc char[MaxLength];
        word.AsSpan().CopyTo(buf);
        return new string(buf[..Fold(buf, word.Length)]);
    }

    /// <summary>Whether a lower-case word could be changed by <see cref="Fold(Span{char}, int)"/> (a cheap test of its last letter).</summary>
    public static bool MayFold(char last) => last is 's' or 'd' or 'g' or 'e';

    private static bool EndsWith(ReadOnlySpan<char> w, string suffix) => w.EndsWith(suffix, StringComparison.Ordinal);

    private static bool HasVowel(ReadOnlySpan<char> s)
    {
        foreach (char c in s) if (c is 'a' or 'e' or 'i' or 'o' or 'u' or 'y') return true;
        return false;
    }

    private static int Undouble(ReadOnlySpan<char> w, int n)
        => n >= 4 && w[n - 1] == w[n - 2] && w[n - 1] is 'b' or 'd' or 'g' or 'm' or 'n' or 'p' or 'r' or 't' or 'v' ? n - 1 : n;

    private static int DropE(ReadOnlySpan<char> w, int n) => n >= 5 && w[n - 1] == 'e' && w[n - 2] != 'e' ? n - 1 : n;
}
