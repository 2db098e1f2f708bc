namespace StanceKit;

/// <summary>
/// What one sentence of a document hands the next for carrying a speaker across sentences
/// (<see cref="StanceAnalyzerOptions.CarrySpeakers"/>): the class of its main-clause speaker and whether it left a
/// quotation open. <c>default</c>: nothing to carry (sentence mode, the first sentence of a document, the switch off).
/// </summary>
/// <param name="Previous">The previous sentence's main-clause speaker (found, or carried into it); <see cref="SpeakerClass.None"/> for the narrator.</param>
/// <param name="QuoteOpen">Whether the previous sentence left a quotation open in the same paragraph (the sentence starts inside a quote).</param>
internal readonly record struct SpeakerCarry(SpeakerClass Previous, bool QuoteOpen)
{
    /// <summary>Whether there is a speaker to carry at all.</summary>
    public bool Active => Previous != SpeakerClass.None;

    /// <summary>
    /// Whether a sentence with no speech event of its own continues the previous sentence's speaker: it starts inside a
    /// quotation the previous sentence left open, or it is itself all quote (an opening quote mark first, closed only
    /// at its end or not at all). A sentence that merely begins with a quoted word and goes on in the narrator's voice
    /// ("\"Terrorists\" attacked the base overnight.") is not.
    /// </summary>
    public static bool Continues(ReadOnlySpan<char> sentence, bool quoteOpenBefore) => quoteOpenBefore || IsAllQuote(sentence);

    /// <summary>
    /// Whether <paramref name="sentence"/> opens with a quote mark (" “ „ « ' ‘) whose quotation runs to its end: the
    /// matching closing mark is missing or followed only by punctuation and spaces.
    /// </summary>
    public static bool IsAllQuote(ReadOnlySpan<char> sentence)
    {
        int i = 0;
        while (i < sentence.Length && char.IsWhiteSpace(sentence[i])) i++;
        if (i >= sentence.Length) return false;
        char open = sentence[i];
        bool single;
        switch (open)
        {
            case '"' or '\u201C' or '\u201E' or '\u00AB': single = false; break;
            case '\'' or '\u2018': single = true; break;
            default: return false;
        }
        for (int k = i + 1; k < sentence.Length; k++)
        {
            char c = sentence[k];
            bool close = single
                ? (c is '\'' or '\u2019') && (k + 1 >= sentence.Length || !char.IsLetterOrDigit(sentence[k + 1])) && k > i + 1
                : open switch
                {
                    '\u00AB' => c == '\u00BB',
                    '\u201E' => c is '\u201C' or '"',
                    _ => c is '"' or '\u201D',
                };
            if (!close) continue;
            // Closed: the quotation is the whole sentence only when nothing but punctuation follows.
            for (int j = k + 1; j < sentence.Length; j++)
                if (char.IsLetterOrDigit(sentence[j])) return false;
            return true;
        }
        return true;
    }

    /// <summary>
    /// Whether a double quotation is open after <paramref name="sentence"/>, given whether one was open before it:
    /// straight marks toggle, curly and angle marks open and close. Single quotes are not followed (they are mostly
    /// apostrophes).
    /// </summary>
    public static bool QuoteOpenAfter(ReadOnlySpan<char> sentence, bool openBefore)
    {
        bool open = openBefore;
        foreach (char c in sentence)
        {
            switch (c)
            {
                case '"': open = !open; break;
                case '\u201C' or '\u201E' or '\u00AB': open = true; break;
                case '\u201D' or '\u00BB': open = false; break;
            }
        }
        return open;
    }
}
