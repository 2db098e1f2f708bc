using System.Runtime.CompilerServices;
using StanceKit.Text;

namespace StanceKit;

/// <summary>
/// One document's tokens and gazetteer matches, made in one pass and read by every stage after it (as spaCy's
/// <c>Doc</c> is): the entity rules read the tokens and the proper-name matches, and the stance featurizer reads each
/// sentence's share of the same tokens and its own matches, instead of tokenizing and matching the sentence again. Built by <see cref="DocumentScorer"/> (one per document or stream window), or privately by the entity
/// scratch when text is extracted on its own.
/// </summary>
/// <remarks>
/// Not thread safe; one owner at a time. <see cref="Rent"/> hands a thread its cached layer (or a new one) and
/// <see cref="Return"/> gives it back, so a document scorer that is left undisposed only costs a new layer next time,
/// and a layer held across a lazy enumeration is never shared with another call on the same thread.
/// </remarks>
internal sealed class TokenLayer
{
    private const int InitialCapacity = 256;

    /// <summary>Tokens tokenized between two cancellation checks of a long text (well under a millisecond of work).</summary>
    private const int TokenizeStride = 64 * 1024;

    /// <summary>The tokens (the first <see cref="Count"/>), in text offsets.</summary>
    public Token[] Tokens = new Token[InitialCapacity];

    /// <summary>Per token: the longest proper-name alias starting there (what the entity rules read), or -1.</summary>
    public int[] AliasAt = new int[InitialCapacity];

    /// <summary>Per token: the tokens of <see cref="AliasAt"/>'s match (0 when none).</summary>
    public int[] AliasLength = new int[InitialCapacity];

    /// <summary>The number of tokens.</summary>
    public int Count;

    /// <summary>
    /// Whether the layer holds a whole document's annotation (its tokens, the rules' matches, and the featurizer's when
    /// <see cref="FeatureGazetteer"/> is set): the entity rules then use it as it is. False for the entity scratch's
    /// private layer, which the rules fill themselves.
    /// </summary>
    public bool Annotated;

    /// <summary>The gazetteer of the featurizer's matches below; null when they were not made.</summary>
    public Gazetteer? FeatureGazetteer;

    // The featurizer's matches (the longest alias of any kind) differ from the rules' only where the longest alias holds
    // a common word ("Kursk region"): kept as exceptions, ascending by token, rather than two more ints per token.
    private int[] _otherToken = new int[16];
    private int[] _otherAlias = new int[16];
    private int[] _otherLength = new int[16];
    private int _otherCount;
    private int _otherNext; // FeatureAliasAt's cursor into the exceptions

    /// <summary>
    /// Tokenizes <paramref name="text"/> into <see cref="Tokens"/> (<see cref="Count"/> set) and makes the per-token
    /// buffers fit. A text shorter than the buffer is tokenized in one pass (a token takes at least one character, so
    /// every token fits); a longer one in pieces of <see cref="TokenizeStride"/> tokens, checking
    /// <paramref name="cancellation"/> between them and growing the buffer as it fills: memory follows the tokens.
    /// </summary>
    public int Tokenize(ReadOnlySpan<char> text, CancellationToken cancellation)
    {
        Annotated = false;
        FeatureGazetteer = null;
        _otherCount = 0;
        _otherNext = 0;
        int count;
        if (text.Length < Tokens.Length)
        {
            count = NewsTokenizer.Tokenize(text, Tokens);
        }
        else
        {
            // News text has a token every five characters or so; a quarter of the length rarely needs a second growth.
            GrowTokens((int)Math.Min(text.Length + 1L, text.Length / 4 + InitialCapacity));
            count = 0;
            int position = 0;
            while (true)
            {
                int limit = Math.Min(Tokens.Length, count + TokenizeStride);
                count = NewsTokenizer.TokenizeFrom(text, ref position, Tokens.AsSpan(0, limit), count);
                if (position >= text.Length) break;
                cancellation.ThrowIfCancellationRequested();
                if (count == Tokens.Length) GrowTokens((int)Math.Min(text.Length + 1L, Tokens.Length * 2L));
            }
        }
        Count = count;
        if (AliasAt.Length <= count)
        {
            int size = Math.Max(count + 1, Math.Min(AliasAt.Length * 2, Tokens.Length));
            AliasAt = new int[size];
            AliasLength = new int[size];
        }
        return count;
    }

    private void GrowTokens(int size)
    {
        if (Tokens.Length < size) Array.Resize(ref Tokens, size);
    }

    /// <summary>
    /// Tokenizes (with <see cref="Tokenize"/>) and matches the gazetteer at every token: the proper-name matches of the
    /// entity rules, and, when <paramref name="featureGazetteer"/> is the same gazetteer, the featurizer's matches in the
    /// same walk. The layer is then <see cref="Annotated"/>.
    /// </summary>
    /// <param name="text">The document.</param>
    /// <param name="gazetteer">The entity extractor's gazetteer.</param>
    /// <param name="featureGazetteer">The featurizer's gazetteer (its matches are made only when it is <paramref name="gazetteer"/>), or null.</param>
    /// <param name="cancellation">Checked every <see cref="EntityScratch.CancellationStride"/> tokens.</param>
    public void Annotate(ReadOnlySpan<char> text, Gazetteer gazetteer, Gazetteer? featureGazetteer, CancellationToken cancellation)
    {
        int n = Tokenize(text, cancellation);
        var tokens = Tokens.AsSpan(0, n);
        if (ReferenceEquals(featureGazetteer, gazetteer))
        {
            for (int i = 0; i < n; i++)
            {
                if ((i & (EntityScratch.CancellationStride - 1)) == 0) cancellation.ThrowIfCancellationRequested();
                int proper = gazetteer.MatchLongestBoth(text, tokens, i, out int properLength, out int any, out int anyLength);
                AliasAt[i] = proper;
                AliasLength[i] = properLength;
                if (any != proper || anyLength != properLength) AddOther(i, any, anyLength);
            }
            FeatureGazetteer = gazetteer;
        }
        else MatchProperNames(text, gazetteer, cancellation);
        Annotated = true;
    }

    /// <summary>The entity rules' matches: the longest proper-name alias at every token.</summary>
    public void MatchProperNames(ReadOnlySpan<char> text, Gazetteer gazetteer, CancellationToken cancellation)
    {
        var tokens = Tokens.AsSpan(0, Count);
        for (int i = 0; i < tokens.Length; i++)
        {
            if ((i & (EntityScratch.CancellationStride - 1)) == 0) cancellation.ThrowIfCancellationRequested();
            AliasAt[i] = gazetteer.MatchLongest(text, tokens, i, out int len, properNamesOnly: true);
            AliasLength[i] = AliasAt[i] >= 0 ? len : 0;
        }
    }

    private void AddOther(int token, int alias, int length)
    {
        if (_otherCount == _otherToken.Length)
        {
            Array.Resize(ref _otherToken, _otherCount * 2);
            Array.Resize(ref _otherAlias, _otherCount * 2);
            Array.Resize(ref _otherLength, _otherCount * 2);
        }
        _otherToken[_otherCount] = token;
        _otherAlias[_otherCount] = alias;
        _otherLength[_otherCount] = length;
        _otherCount++;
    }

    /// <summary>
    /// The featurizer's match at token <paramref name="token"/> over the document's tokens (the longest alias of any
    /// kind, as <see cref="Gazetteer.MatchLongest(ReadOnlySpan{char}, ReadOnlySpan{Token}, int, out int)"/> gives); only
    /// when <see cref="FeatureGazetteer"/> is set.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int FeatureAliasAt(int token, out int length)
    {
        if (_otherCount > 0)
        {
            // Sentences and their units ask in ascending token order: a cursor walks the exceptions once per document (a
            // binary search per unit cost a 10 MB document, with hundreds of exceptions, a few percent); out of order,
            // the search finds the place again.
            int k = _otherNext;
            if (k > 0 && _otherToken[k - 1] >= token)
            {
                k = _otherToken.AsSpan(0, _otherCount).BinarySearch(token);
                if (k < 0) k = ~k;
            }
            while (k < _otherCount && _otherToken[k] < token) k++;
            _otherNext = k;
            if (k < _otherCount && _otherToken[k] == token)
            {
                length = _otherLength[k];
                return _otherAlias[k];
            }
        }
        length = AliasLength[token];
        return AliasAt[token];
    }

    /// <summary>The bytes of the buffers this layer holds.</summary>
    public long RetainedBytes =>
        (long)Tokens.Length * Unsafe.SizeOf<Token>() + ((long)AliasAt.Length + AliasLength.Length) * sizeof(int)
        + (long)_otherToken.Length * 3 * sizeof(int);

    /// <summary>Above this a layer is not kept for the next document (as <see cref="EntityScratch.MaxRetainedBytes"/>).</summary>
    public const long MaxRetainedBytes = 8L << 20;

    [ThreadStatic] private static TokenLayer? t_cached;

    /// <summary>The calling thread's cached layer (taken out of the cache: the caller owns it), or a new one.</summary>
    public static TokenLayer Rent()
    {
        var layer = t_cached ?? new TokenLayer();
        t_cached = null;
        return layer;
    }

    /// <summary>Gives a layer back to the calling thread's cache, unless it grew past <see cref="MaxRetainedBytes"/>.</summary>
    public static void Return(TokenLayer layer)
    {
        if (layer.RetainedBytes <= MaxRetainedBytes) t_cached = layer;
    }
}

/// <summary>
/// One sentence's share of a document's <see cref="TokenLayer"/>: tokens <c>[First, First + Count)</c>, whose text
/// offsets are <see cref="Offset"/> past the sentence's own. <c>default</c> when there is none (the featurizer then
/// tokenizes and matches the sentence itself).
/// </summary>
internal readonly struct SentenceTokens(TokenLayer layer, int first, int count, int offset)
{
    public TokenLayer? Layer { get; } = layer;
    public int First { get; } = first;
    public int Count { get; } = count;
    public int Offset { get; } = offset;
}
