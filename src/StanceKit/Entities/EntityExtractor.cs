using System.Buffers;
using StanceKit.Text;

namespace StanceKit;

/// <summary>
/// Finds PERSON, ORG, LOC and NORP mentions in news text and links them within the document.
/// Immutable and thread safe.
/// </summary>
public sealed class EntityExtractor
{
    private readonly Gazetteer _gazetteer;

    /// <summary>An extractor over the embedded gazetteer.</summary>
    public static EntityExtractor Default { get; } = new(Gazetteer.Default);

    /// <summary>Creates an extractor over a gazetteer.</summary>
    public EntityExtractor(Gazetteer gazetteer)
    {
        ArgumentNullException.ThrowIfNull(gazetteer);
        _gazetteer = gazetteer;
    }

    /// <summary>The gazetteer used.</summary>
    public Gazetteer Gazetteer => _gazetteer;

    /// <summary>
    /// Writes unlinked entity spans of <paramref name="text"/> into <paramref name="destination"/>;
    /// returns how many were written (stops when the destination is full). Allocation-free after warm-up.
    /// </summary>
    public int Extract(ReadOnlySpan<char> text, Span<EntitySpan> destination)
    {
        var rented = ArrayPool<Token>.Shared.Rent(NewsTokenizer.EstimateTokenCount(text));
        try
        {
            int n = NewsTokenizer.Tokenize(text, rented);
            var tokens = rented.AsSpan(0, n);
            int count = 0;
            for (int i = 0; i < n && count < destination.Length;)
            {
                int alias = _gazetteer.MatchLongest(text, tokens, i, out int len);
                if (alias < 0) { i++; continue; }
                var entry = _gazetteer[_gazetteer.EntriesOfAlias(alias)[0]];
                var span = TextSpan.FromBounds(tokens[i].Start, tokens[i + len - 1].End);
                destination[count++] = new EntitySpan(span, entry.Type, entry.Id);
                i += len;
            }
            return count;
        }
        finally
        {
            ArrayPool<Token>.Shared.Return(rented);
        }
    }

    /// <summary>Extracts and links the entity mentions of a document.</summary>
    public IReadOnlyList<EntityMention> Extract(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Extract(text.AsSpan());
    }

    /// <summary>Extracts and links the entity mentions of a document.</summary>
    public IReadOnlyList<EntityMention> Extract(ReadOnlySpan<char> text)
    {
        var buffer = ArrayPool<EntitySpan>.Shared.Rent(Math.Max(16, text.Length / 2 + 1));
        try
        {
            int n = Extract(text, buffer);
            var result = new List<EntityMention>(n);
            for (int i = 0; i < n; i++)
            {
                var s = buffer[i];
                var e = s.EntryId >= 0 ? _gazetteer[s.EntryId] : null;
                result.Add(new EntityMention(s.Span, s.Type, e?.Canonical ?? s.Span.Slice(text).ToString(), e?.Kind ?? EntityKind.Unknown, e?.Country));
            }
            return result;
        }
        finally
        {
            ArrayPool<EntitySpan>.Shared.Return(buffer);
        }
    }
}
