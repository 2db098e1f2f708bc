using System.Runtime.CompilerServices;
using StanceKit.Text;

namespace StanceKit;

/// <summary>A candidate entity over tokens <c>[Start, End)</c>.</summary>
internal struct EntityCandidate
{
    public int Start;
    public int End;
    public EntityType Type;
    public int Entry;
}

/// <summary>A capitalised stretch the rules could not type: left to the tagger (or forced to PERSON after a title).</summary>
internal struct UnknownChunk
{
    public int Start;
    public int End;
    public bool Person;
}

/// <summary>
/// Per-thread buffers of the extraction pipeline, sized by the tokens of the text (not its characters) and grown on
/// demand. After a call on a very large text the thread lets them go (<see cref="Release"/>), so it does not keep
/// hundreds of megabytes for the rest of its life.
/// </summary>
internal sealed class EntityScratch
{
    private const int InitialCapacity = 256;

    // The text's tokens and the rules' gazetteer matches: the scratch's own layer, or while a document scorer extracts
    // a document, that document's layer (Attach), which the featurizer reads afterwards.
    private readonly TokenLayer _own = new();
    private TokenLayer _layer;

    public EntityScratch() => _layer = _own;

    /// <summary>The layer the rules read: the scratch's own, or the attached document's.</summary>
    public TokenLayer Layer => _layer;

    public Token[] Tokens => _layer.Tokens;
    public int[] AliasAt => _layer.AliasAt;
    public int[] AliasLength => _layer.AliasLength;
    public int TokenCount => _layer.Count;

    public EntityCandidate[] Candidates = new EntityCandidate[InitialCapacity];
    public UnknownChunk[] Chunks = new UnknownChunk[InitialCapacity];
    public int[] Labels = new int[InitialCapacity];
    public ulong[] Features = new ulong[64];
    public float[] Scores = new float[EntityTagger.LabelCount];
    public int CandidateCount;
    public int ChunkCount;

    /// <summary>Checked every <see cref="CancellationStride"/> tokens by the long passes over a document (set per call, then reset).</summary>
    public CancellationToken Cancellation;
    public const int CancellationStride = 1024;

    /// <summary>
    /// Above this a thread does not keep its buffers after a call (<see cref="Release"/>). A text that needs more (some
    /// 300,000 tokens, about a million and a half characters of news) costs far more to extract than allocating its
    /// buffers again, while a thread pool of such threads would otherwise keep gigabytes.
    /// </summary>
    public const long MaxRetainedBytes = 8L << 20;

    /// <summary>
    /// Tokenizes <paramref name="text"/> into <see cref="Tokens"/> (<see cref="TokenCount"/> set) with
    /// <see cref="TokenLayer.Tokenize"/> (in pieces for a long text, checking <see cref="Cancellation"/> between them) and
    /// makes the per-token buffers fit.
    /// </summary>
    public int Tokenize(ReadOnlySpan<char> text)
    {
        int count = _layer.Tokenize(text, Cancellation);
        FitLabels(count);
        return count;
    }

    /// <summary>
    /// The tokens and the rules' gazetteer matches of <paramref name="text"/>: made here (tokenized, matched at every
    /// token), or taken as they are from an attached document layer that holds them already.
    /// </summary>
    /// <returns>The number of tokens.</returns>
    public int Annotate(ReadOnlySpan<char> text, Gazetteer gazetteer)
    {
        if (_layer.Annotated)
        {
            FitLabels(_layer.Count);
            return _layer.Count;
        }
        int n = Tokenize(text);
        _layer.MatchProperNames(text, gazetteer, Cancellation);
        return n;
    }

    private void FitLabels(int count)
    {
        if (Labels.Length <= count) Labels = new int[Math.Max(count + 1, Math.Min(Labels.Length * 2, _layer.Tokens.Length))];
    }

    /// <summary>Makes the rules read <paramref name="layer"/> (a document's, already <see cref="TokenLayer.Annotated"/>) until <see cref="Detach"/>.</summary>
    public void Attach(TokenLayer layer) => _layer = layer;

    /// <summary>Back to the scratch's own layer.</summary>
    public void Detach() => _layer = _own;

    /// <summary>Room for one more candidate (grown by doubling; rules and tagger add them one at a time).</summary>
    public void EnsureCandidateRoom()
    {
        if (CandidateCount == Candidates.Length) Array.Resize(ref Candidates, Candidates.Length * 2);
    }

    /// <summary>Room for one more unknown chunk.</summary>
    public void EnsureChunkRoom()
    {
        if (ChunkCount == Chunks.Length) Array.Resize(ref Chunks, Chunks.Length * 2);
    }

    /// <summary>The bytes of the buffers this scratch holds (what a thread keeps between calls).</summary>
    public long RetainedBytes =>
        _own.RetainedBytes + (long)Labels.Length * sizeof(int)
        + (long)Candidates.Length * Unsafe.SizeOf<EntityCandidate>() + (long)Chunks.Length * Unsafe.SizeOf<UnknownChunk>()
        + Features.Length * sizeof(ulong) + Scores.Length * sizeof(float);

    [ThreadStatic] private static EntityScratch? t_scratch;

    public static EntityScratch Get() => t_scratch ??= new EntityScratch();

    /// <summary>
    /// Called when a call is done with the thread's scratch: one grown past <see cref="MaxRetainedBytes"/> is dropped
    /// (the next call starts small), so the memory of a huge document goes back to the GC.
    /// </summary>
    public static void Release(EntityScratch s)
    {
        s.Cancellation = default;
        s.Detach();
        if (s.RetainedBytes > MaxRetainedBytes && ReferenceEquals(t_scratch, s)) t_scratch = null;
    }

    /// <summary>The bytes the calling thread's scratch keeps (0 when it has none).</summary>
    public static long RetainedBytesOnCurrentThread => t_scratch?.RetainedBytes ?? 0;
}
