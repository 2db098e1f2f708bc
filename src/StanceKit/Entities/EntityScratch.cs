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

    public Token[] Tokens = new Token[InitialCapacity];
    public int[] AliasAt = new int[InitialCapacity];
    public int[] AliasLength = new int[InitialCapacity];
    public EntityCandidate[] Candidates = new EntityCandidate[InitialCapacity];
    public UnknownChunk[] Chunks = new UnknownChunk[InitialCapacity];
    public int[] Labels = new int[InitialCapacity];
    public ulong[] Features = new ulong[64];
    public float[] Scores = new float[EntityTagger.LabelCount];
    public int CandidateCount;
    public int ChunkCount;
    public int TokenCount;

    /// <summary>Checked every <see cref="CancellationStride"/> tokens by the long passes over a document (set per call, then reset).</summary>
    public CancellationToken Cancellation;
    public const int CancellationStride = 1024;

    /// <summary>Tokens tokenized between two cancellation checks of a long text (well under a millisecond of work).</summary>
    private const int TokenizeStride = 64 * 1024;

    /// <summary>
    /// Above this a thread does not keep its buffers after a call (<see cref="Release"/>). A text that needs more (some
    /// 300,000 tokens, about a million and a half characters of news) costs far more to extract than allocating its
    /// buffers again, while a thread pool of such threads would otherwise keep gigabytes.
    /// </summary>
    public const long MaxRetainedBytes = 8L << 20;

    /// <summary>
    /// Tokenizes <paramref name="text"/> into <see cref="Tokens"/> (<see cref="TokenCount"/> set) and makes the
    /// per-token buffers fit. A text shorter than the buffer is tokenized in one pass (a token takes at least one
    /// character, so every token fits); a longer one in pieces of <see cref="TokenizeStride"/> tokens, checking
    /// <see cref="Cancellation"/> between them and growing the buffer as it fills: memory follows the tokens.
    /// </summary>
    public int Tokenize(ReadOnlySpan<char> text)
    {
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
                Cancellation.ThrowIfCancellationRequested();
                if (count == Tokens.Length) GrowTokens((int)Math.Min(text.Length + 1L, Tokens.Length * 2L));
            }
        }
        TokenCount = count;
        if (AliasAt.Length <= count)
        {
            int size = Math.Max(count + 1, Math.Min(AliasAt.Length * 2, Tokens.Length));
            AliasAt = new int[size];
            AliasLength = new int[size];
            Labels = new int[size];
        }
        return count;
    }

    private void GrowTokens(int size)
    {
        if (Tokens.Length < size) Array.Resize(ref Tokens, size);
    }

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
        (long)Tokens.Length * Unsafe.SizeOf<Token>() + ((long)AliasAt.Length + AliasLength.Length + Labels.Length) * sizeof(int)
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
        if (s.RetainedBytes > MaxRetainedBytes && ReferenceEquals(t_scratch, s)) t_scratch = null;
    }

    /// <summary>The bytes the calling thread's scratch keeps (0 when it has none).</summary>
    public static long RetainedBytesOnCurrentThread => t_scratch?.RetainedBytes ?? 0;
}
