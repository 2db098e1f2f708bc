using System.Runtime.CompilerServices;

namespace StanceKit.Internal;

/// <summary>
/// A stable, seeded 64-bit hash over UTF-16 text. Unlike <see cref="string.GetHashCode()"/>
/// it gives the same value in every process and version, which the model format relies on.
/// </summary>
internal static class StableHash
{
    public const ulong DefaultSeed = 0x5EED_57A9_CE1D_0001UL;
    private const ulong Prime = 0x100000001B3UL;

    /// <summary>Hash of the characters, with curly and modifier-letter apostrophes folded to the straight one.</summary>
    public static ulong Hash(ReadOnlySpan<char> text, ulong seed)
    {
        ulong h = seed ^ 0xCBF29CE484222325UL;
        foreach (char raw in text)
        {
            char c = raw is '\u2019' or '\u2018' or '\u02BC' ? '\'' : raw;
            h = (h ^ c) * Prime;
        }
        return Mix(h ^ (ulong)text.Length);
    }

    /// <summary>Hash of the characters lower-cased (invariant), digits folded to '0'.</summary>
    public static ulong HashLowerFoldDigits(ReadOnlySpan<char> text, ulong seed)
    {
        ulong h = seed ^ 0xCBF29CE484222325UL;
        foreach (char raw in text)
        {
            char c = raw switch
            {
                '\u2019' => '\'',
                >= '0' and <= '9' => '0',
                >= 'A' and <= 'Z' => (char)(raw | 0x20),
                < (char)128 => raw,
                _ => char.ToLowerInvariant(raw),
            };
            h = (h ^ c) * Prime;
        }
        return Mix(h ^ (ulong)text.Length);
    }

    /// <summary>Hash of the characters upper-cased (invariant).</summary>
    public static ulong HashUpper(ReadOnlySpan<char> text, ulong seed)
    {
        ulong h = seed ^ 0xCBF29CE484222325UL;
        foreach (char raw in text)
        {
            char c = raw is '\u2019' or '\u2018' or '\u02BC' ? '\'' : char.ToUpperInvariant(raw);
            h = (h ^ c) * Prime;
        }
        return Mix(h ^ (ulong)text.Length);
    }

    /// <summary>Combines a running sequence hash with the next element's hash.</summary>
    // Aggressively inlined: the featurizer calls it several times per word from one large method, past the JIT's inlining budget.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Combine(ulong running, ulong next) => Mix(running * 0x9E3779B97F4A7C15UL + next);

    /// <summary>The final mixer of MurmurHash3 (fmix64).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mix(ulong k)
    {
        k ^= k >> 33;
        k *= 0xFF51AFD7ED558CCDUL;
        k ^= k >> 33;
        k *= 0xC4CEB9FE1A85EC53UL;
        k ^= k >> 33;
        return k;
    }
}
