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

/// <summary>Per-thread buffers of the extraction pipeline; grown on demand, never shrunk.</summary>
internal sealed class EntityScratch
{
    public Token[] Tokens = new Token[256];
    public int[] AliasAt = new int[256];
    public int[] AliasLength = new int[256];
    public EntityCandidate[] Candidates = new EntityCandidate[256];
    public UnknownChunk[] Chunks = new UnknownChunk[256];
    public int[] Labels = new int[256];
    public ulong[] Features = new ulong[64];
    public float[] Scores = new float[EntityTagger.LabelCount];
    public int CandidateCount;
    public int ChunkCount;
    public int TokenCount;

    /// <summary>Checked every <see cref="CancellationStride"/> tokens by the long passes over a document (set per call, then reset).</summary>
    public CancellationToken Cancellation;
    public const int CancellationStride = 1024;

    public void Ensure(int textLength)
    {
        int needed = textLength + 1;
        if (Tokens.Length >= needed) return;
        int size = Math.Max(needed, Tokens.Length * 2);
        Tokens = new Token[size];
        AliasAt = new int[size];
        AliasLength = new int[size];
        Candidates = new EntityCandidate[size];
        Chunks = new UnknownChunk[size];
        Labels = new int[size];
    }

    [ThreadStatic] private static EntityScratch? t_scratch;
    public static EntityScratch Get() => t_scratch ??= new EntityScratch();
}
