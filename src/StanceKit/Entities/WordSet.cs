using System.Runtime.CompilerServices;

namespace StanceKit;

/// <summary>
/// A word list looked up by span, with the answer of its hash set (<see cref="HashSet{T}"/> with the given comparer), but
/// most words that are not in the list are turned away before any hashing: the rules ask several lists about nearly every
/// capitalised word, and nearly every answer is no (issue 15: the club pass alone asked about every capitalised word).
/// </summary>
/// <remarks>
/// The filter keeps, per first character (ASCII, folded by its low five bits, so "B" and "b" share a slot), one bit per
/// word length (63 and longer share the last bit). A word whose first character and length match no listed word cannot be
/// equal to one under an ordinal comparer, case-insensitive or not: equal words have equal lengths, and an ASCII first
/// character equals only itself or its other case. A word opening with a non-ASCII character always goes to the set, and
/// so does any word of a length at which a listed word opens with one (case folding may map such a character to ASCII).
/// </remarks>
internal readonly struct WordSet
{
    private const int Slots = 32;
    private const int LongestBit = 63;

    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _set;
    private readonly ulong[] _lengthsByFirst;
    private readonly ulong _lengthsOpeningNonAscii;

    /// <summary>A list of <paramref name="words"/> compared by <paramref name="comparer"/> (an ordinal comparer).</summary>
    public WordSet(IEnumerable<string> words, StringComparer comparer)
    {
        var set = new HashSet<string>(words, comparer);
        _set = set.GetAlternateLookup<ReadOnlySpan<char>>();
        _lengthsByFirst = new ulong[Slots];
        ulong nonAscii = 0;
        foreach (var w in set)
        {
            if (w.Length == 0) continue;
            ulong bit = LengthBit(w.Length);
            if (w[0] < 128) _lengthsByFirst[w[0] % Slots] |= bit;
            else nonAscii |= bit;
        }
        _lengthsOpeningNonAscii = nonAscii;
    }

    /// <summary>The number of words in the list.</summary>
    public int Count => _set.Set.Count;

    /// <summary>Whether <paramref name="word"/> is in the list (by the list's comparer).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Contains(ReadOnlySpan<char> word)
    {
        if (word.Length == 0) return _set.Contains(word);
        char first = word[0];
        ulong bit = LengthBit(word.Length);
        if (first < 128 && ((_lengthsByFirst[first % Slots] | _lengthsOpeningNonAscii) & bit) == 0) return false;
        return _set.Contains(word);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong LengthBit(int length) => 1UL << Math.Min(length, LongestBit);
}
