using System.Runtime.CompilerServices;

namespace StanceKit;

/// <summary>
/// A word list looked up by span, with the answer of its hash set (<see cref="HashSet{T}"/> with the given comparer), but
/// most words that are not in the list are turned away before any hashing: the rules ask several lists about nearly every
/// capitalised word, and nearly every answer is no (issue 15: the club pass alone asked about every capitalised word).
/// </summary>
/// <remarks>
/// The filter keeps, per first character (ASCII, folded by its low five bits, so "B" and "b" share a slot), one bit per
/// word length (63 and longer share the last bit), and the same per last character. A word whose first character and
/// length, or last character and length, match no listed word cannot be equal to one under an ordinal comparer,
/// case-insensitive or not: equal words have equal lengths, and an ASCII character equals only itself or its other case.
/// A word opening (closing) with a non-ASCII character passes that half of the filter, and so does any word of a length at
/// which a listed word opens (closes) with one (case folding may map such a character to ASCII).
/// </remarks>
internal readonly struct WordSet
{
    private const int Slots = 32;
    private const int LongestBit = 63;

    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _set;
    private readonly ulong[] _lengthsByFirst;
    private readonly ulong[] _lengthsByLast;
    private readonly ulong _lengthsOpeningNonAscii;
    private readonly ulong _lengthsClosingNonAscii;

    /// <summary>A list of <paramref name="words"/> compared by <paramref name="comparer"/> (an ordinal comparer).</summary>
    public WordSet(IEnumerable<string> words, StringComparer comparer)
    {
        var set = new HashSet<string>(words, comparer);
        _set = set.GetAlternateLookup<ReadOnlySpan<char>>();
        _lengthsByFirst = new ulong[Slots];
        _lengthsByLast = new ulong[Slots];
        ulong opening = 0, closing = 0;
        foreach (var w in set)
        {
            if (w.Length == 0) continue;
            ulong bit = LengthBit(w.Length);
            if (w[0] < 128) _lengthsByFirst[w[0] % Slots] |= bit;
            else opening |= bit;
            if (w[^1] < 128) _lengthsByLast[w[^1] % Slots] |= bit;
            else closing |= bit;
        }
        _lengthsOpeningNonAscii = opening;
        _lengthsClosingNonAscii = closing;
    }

    /// <summary>The number of words in the list.</summary>
    public int Count => _set.Set.Count;

    /// <summary>Whether <paramref name="word"/> is in the list (by the list's comparer).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Contains(ReadOnlySpan<char> word)
    {
        if (word.Length == 0) return _set.Contains(word);
        return MayContain(word[0], word[^1], word.Length) && _set.Contains(word);
    }

    /// <summary>
    /// False when no word of <paramref name="length"/> characters opening with <paramref name="first"/> and closing with
    /// <paramref name="last"/> can be in the list (the filter of <see cref="Contains"/>, without the set): a scan over many
    /// tokens asks this first, so its rare true answers are the only ones that branch to the lookup.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool MayContain(char first, char last, int length)
    {
        ulong byFirst = first < 128 ? _lengthsByFirst[first % Slots] | _lengthsOpeningNonAscii : ulong.MaxValue;
        ulong byLast = last < 128 ? _lengthsByLast[last % Slots] | _lengthsClosingNonAscii : ulong.MaxValue;
        return (byFirst & byLast & LengthBit(length)) != 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong LengthBit(int length) => 1UL << Math.Min(length, LongestBit);
}
