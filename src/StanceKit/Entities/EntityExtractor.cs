using System.Buffers;
using StanceKit.Internal;
using StanceKit.Text;

namespace StanceKit;

/// <summary>
/// Finds PERSON, ORG, LOC and NORP mentions in news text and links them within the document.
/// Rules over the gazetteer (titles, organisation and place patterns, acronyms, datelines,
/// context checks for ambiguous names) run first; an averaged-perceptron tagger types the
/// capitalised stretches the rules leave unknown. Immutable and thread safe.
/// </summary>
public sealed class EntityExtractor
{
    private readonly LanguageData _language;
    private readonly Gazetteer _gazetteer;
    private readonly EntityRules _pipeline;
    private readonly EntityTagger? _tagger;

    private static readonly Lazy<EntityExtractor> s_default = new(() => new EntityExtractor(Gazetteer.Default, EntityTagger.Default), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>An extractor over the embedded gazetteer and the embedded tagger model.</summary>
    public static EntityExtractor Default => s_default.Value;

    /// <summary>Creates a rule-only extractor over a gazetteer (no tagger for unknown names).</summary>
    public EntityExtractor(Gazetteer gazetteer) : this(gazetteer, null)
    {
    }

    internal EntityExtractor(Gazetteer gazetteer, EntityTagger? tagger)
        : this(LanguageData.English.WithGazetteer(gazetteer ?? throw new ArgumentNullException(nameof(gazetteer))), tagger)
    {
    }

    /// <summary>An extractor over a language's gazetteer and word lists (the one place a language plugs in).</summary>
    internal EntityExtractor(LanguageData language, EntityTagger? tagger)
    {
        ArgumentNullException.ThrowIfNull(language);
        _language = language;
        _gazetteer = language.Gazetteer;
        _pipeline = new EntityRules(language);
        _tagger = tagger;
    }

    /// <summary>The language data the rules read.</summary>
    internal LanguageData Language => _language;

    /// <summary>Loads an extractor with a tagger model written by <c>EntityTaggerTrainer</c> (StanceKit.ML) (read to its end).</summary>
    /// <param name="taggerModel">The tagger model.</param>
    /// <param name="gazetteer">The gazetteer the rules and the tagger use; <see cref="Gazetteer.Default"/> when null.</param>
    /// <exception cref="InvalidModelException">The model stream is not a supported tagger model.</exception>
    public static EntityExtractor Load(Stream taggerModel, Gazetteer? gazetteer = null)
    {
        ArgumentNullException.ThrowIfNull(taggerModel);
        return Load(taggerModel, gazetteer ?? Gazetteer.Default, null);
    }

    /// <summary>Loads an extractor with a tagger model file written by <c>EntityTaggerTrainer</c> (StanceKit.ML).</summary>
    /// <param name="taggerModelPath">The tagger model file (<c>entity-tagger.bin</c>).</param>
    /// <param name="gazetteer">The gazetteer the rules and the tagger use; <see cref="Gazetteer.Default"/> when null.</param>
    /// <exception cref="InvalidModelException">The file is not a supported tagger model.</exception>
    public static EntityExtractor Load(string taggerModelPath, Gazetteer? gazetteer = null)
    {
        ArgumentNullException.ThrowIfNull(taggerModelPath);
        using var stream = File.OpenRead(taggerModelPath);
        return Load(stream, gazetteer ?? Gazetteer.Default, taggerModelPath);
    }

    // The tagger reader reports InvalidDataException; the public contract for every model file is InvalidModelException.
    private static EntityExtractor Load(Stream taggerModel, Gazetteer gazetteer, string? source)
    {
        try { return new EntityExtractor(gazetteer, EntityTagger.Load(taggerModel, gazetteer)); }
        catch (InvalidDataException e) { throw InvalidModelException.FromReader(source, e); }
    }

    /// <summary>The gazetteer used.</summary>
    public Gazetteer Gazetteer => _gazetteer;

    /// <summary>Whether a trained tagger types the names the rules do not know.</summary>
    public bool HasTagger => _tagger is not null;

    internal EntityTagger? Tagger => _tagger;

    /// <summary>
    /// Writes unlinked entity spans of <paramref name="text"/> into <paramref name="destination"/> in text order;
    /// returns how many were written (stops when the destination is full). Allocation-free after warm-up.
    /// </summary>
    public int Extract(ReadOnlySpan<char> text, Span<EntitySpan> destination)
    {
        var s = EntityScratch.Get();
        try
        {
            Run(text, s, _tagger);
            var tokens = s.Tokens;
            int count = Math.Min(s.CandidateCount, destination.Length);
            for (int i = 0; i < count; i++)
            {
                var c = s.Candidates[i];
                destination[i] = new EntitySpan(TextSpan.FromBounds(tokens[c.Start].Start, tokens[c.End - 1].End), c.Type, c.Entry);
            }
            return count;
        }
        finally { EntityScratch.Release(s); }
    }

    /// <summary>Runs rules, tagger and post-pass; candidates end up sorted in the scratch.</summary>
    internal void Run(ReadOnlySpan<char> text, EntityScratch s, EntityTagger? tagger)
    {
        _pipeline.Run(text, s);
        if (tagger is not null && s.ChunkCount > 0)
        {
            var tokens = s.Tokens.AsSpan(0, s.TokenCount);
            if (s.Features.Length < EntityFeatures.MaxFeatures) s.Features = new ulong[EntityFeatures.MaxFeatures];
            int rules = s.CandidateCount;
            // Rule spans by end and start token (the last one in candidate order wins, as in ContextOf),
            // so each chunk's context is found in constant time.
            var byEnd = RentIndex<int>(s.TokenCount + 2);
            var byStart = RentIndex<int>(s.TokenCount + 2);
            try
            {
                byEnd.AsSpan(0, s.TokenCount + 2).Fill(-1);
                byStart.AsSpan(0, s.TokenCount + 2).Fill(-1);
                for (int i = 0; i < rules; i++)
                {
                    byEnd[s.Candidates[i].End] = i;
                    byStart[s.Candidates[i].Start] = i;
                }
                for (int c = 0; c < s.ChunkCount; c++)
                {
                    if ((c & 63) == 0) s.Cancellation.ThrowIfCancellationRequested();
                    var ch = s.Chunks[c];
                    var ctx = ContextOf(text, tokens, s, byEnd, byStart, ch.Start, ch.End);
                    tagger.Tag(text, tokens, ch.Start, ch.End, ctx, s.Labels, s.Features, s.Scores);
                    int open = -1;
                    for (int k = ch.Start; k < ch.End; k++)
                    {
                        int l = s.Labels[k];
                        if (l == 0) { open = -1; continue; }
                        int b = EntityTagger.Bilou(l);
                        if (b is 0) open = k;
                        else if (b is 3 && !IsCommonWordOpeningASentence(text, tokens, k, EntityTagger.TypeOf(l))) Add(s, k, k + 1, EntityTagger.TypeOf(l));
                        else if (b is 2 && open >= 0) { Add(s, open, k + 1, EntityTagger.TypeOf(l)); open = -1; }
                    }
                }
            }
            finally
            {
                ReturnIndex(byEnd);
                ReturnIndex(byStart);
            }
            SortCandidates(s);
        }
        _pipeline.Finish(text, s);
        PropagatePersonNames(text, s, _language.Words);
    }

    internal static FeatureContext ContextOf(ReadOnlySpan<char> text, ReadOnlySpan<Token> tokens, EntityScratch s, int ruleCount, int start, int end)
    {
        int left = 0, right = 0;
        for (int i = 0; i < ruleCount; i++)
        {
            var c = s.Candidates[i];
            if (c.End == start || (c.End == start - 1 && tokens[start - 1].Kind == TokenKind.Punct)) left = (int)c.Type + 1;
            if (c.Start == end || (c.Start == end + 1 && tokens[end].Kind == TokenKind.Punct)) right = (int)c.Type + 1;
        }
        return Context(text, tokens, left, right, start);
    }

    /// <summary>
    /// <see cref="ContextOf(ReadOnlySpan{char}, ReadOnlySpan{Token}, EntityScratch, int, int, int)"/> through indexes:
    /// <paramref name="byEnd"/>[t] / <paramref name="byStart"/>[t] is the last rule span ending / starting at token t, or -1.
    /// </summary>
    private static FeatureContext ContextOf(ReadOnlySpan<char> text, ReadOnlySpan<Token> tokens, EntityScratch s, int[] byEnd, int[] byStart, int start, int end)
    {
        // Of the spans that qualify, the one latest in candidate order sets the type, as in the linear scan.
        int l = byEnd[start];
        if (start > 0 && tokens[start - 1].Kind == TokenKind.Punct) l = Math.Max(l, byEnd[start - 1]);
        int r = byStart[end];
        if (end < tokens.Length && tokens[end].Kind == TokenKind.Punct) r = Math.Max(r, byStart[end + 1]);
        int left = l >= 0 ? (int)s.Candidates[l].Type + 1 : 0;
        int right = r >= 0 ? (int)s.Candidates[r].Type + 1 : 0;
        return Context(text, tokens, left, right, start);
    }

    private static FeatureContext Context(ReadOnlySpan<char> text, ReadOnlySpan<Token> tokens, int left, int right, int start)
    {
        int sentenceStart = EntityRules.IsSentenceStart(text, tokens, start) ? start : -1;
        return new FeatureContext(left, right, sentenceStart);
    }

    /// <summary>
    /// "Rose petals covered the square": a lone common word opening a sentence is not taken for a person on the tagger's
    /// guess alone (a lone surname there is, when it is no common word: "Okafor scored twice").
    /// </summary>
    private bool IsCommonWordOpeningASentence(ReadOnlySpan<char> text, ReadOnlySpan<Token> tokens, int k, EntityType type)
        => type == EntityType.Person && _language.Words.CommonWord.Contains(text.Slice(tokens[k].Start, tokens[k].Length))
            && EntityRules.IsSentenceStart(text, tokens, k);

    private static void Add(EntityScratch s, int start, int end, EntityType type)
    {
        s.EnsureCandidateRoom();
        ref var c = ref s.Candidates[s.CandidateCount++];
        c.Start = start;
        c.End = end;
        c.Type = type;
        c.Entry = -1;
    }

    // Index buffers as long as the document's tokens or candidates come from the shared pool up to this length; a
    // longer one is allocated and left to the GC, so the pool does not keep a huge document's indexes.
    private const int PooledIndexLength = 1 << 18;

    private static T[] RentIndex<T>(int length) => length <= PooledIndexLength ? ArrayPool<T>.Shared.Rent(length) : new T[length];

    private static void ReturnIndex<T>(T[] array)
    {
        if (array.Length <= PooledIndexLength) ArrayPool<T>.Shared.Return(array);
    }

    /// <summary>A stable sort by start token (as an insertion sort would give), in O(n log n).</summary>
    private static void SortCandidates(EntityScratch s)
    {
        var a = s.Candidates.AsSpan(0, s.CandidateCount);
        bool sorted = true;
        for (int i = 1; i < a.Length && sorted; i++) sorted = a[i - 1].Start <= a[i].Start;
        if (sorted) return;
        var keys = RentIndex<long>(a.Length);
        try
        {
            for (int i = 0; i < a.Length; i++) keys[i] = ((long)a[i].Start << 32) | (uint)i;
            keys.AsSpan(0, a.Length).Sort(a);
        }
        finally { ReturnIndex(keys); }
    }

    /// <summary>
    /// Document-level name propagation: once a person has been named in full ("Foreign Ministry spokeswoman Mao Ning"),
    /// a later or earlier lone word of that name is that person even where the sentence gives the tagger little to go
    /// on ("...," Mao told a briefing). The linker then links it to the full name. Only stand-alone capitalised words
    /// that no other span covers are taken, and at a sentence start only before a speech verb ("Mohajerani said"), so
    /// common words that happen to be names ("Will", "Rose") opening a sentence are left alone.
    /// </summary>
    private static void PropagatePersonNames(ReadOnlySpan<char> text, EntityScratch s, EntityWords entityWords)
    {
        var tokens = s.Tokens.AsSpan(0, s.TokenCount);
        // Most texts name no person in full: nothing to rent or scan then (this runs for every sentence on the span API).
        bool anyFullName = false;
        for (int i = 0; i < s.CandidateCount && !anyFullName; i++)
            anyFullName = s.Candidates[i].Type == EntityType.Person && s.Candidates[i].End - s.Candidates[i].Start >= 2;
        if (!anyFullName) return;
        // Hashes of the words of full person names, sorted for binary search: no allocation after warm-up, so the span
        // API stays allocation-free and gives exactly the spans of the document API.
        var words = RentIndex<ulong>(tokens.Length + 1);
        var covered = RentIndex<bool>(tokens.Length + 1);
        try
        {
            int count = 0;
            for (int i = 0; i < s.CandidateCount; i++)
            {
                var c = s.Candidates[i];
                if (c.Type != EntityType.Person) continue;
                int wordCount = 0;
                for (int k = c.Start; k < c.End; k++) if (tokens[k].Kind == TokenKind.Word) wordCount++;
                if (wordCount < 2) continue;
                for (int k = c.Start; k < c.End; k++)
                {
                    var w = text.Slice(tokens[k].Start, tokens[k].Length);
                    if (tokens[k].Kind == TokenKind.Word && w.Length >= 2 && char.IsUpper(w[0]) && !entityWords.StopCap.Contains(w))
                        words[count++] = StableHash.Hash(w, NameWordSeed);
                }
            }
            if (count == 0) return;
            var nameWords = words.AsSpan(0, count);
            nameWords.Sort();
            covered.AsSpan(0, tokens.Length).Clear();
            for (int i = 0; i < s.CandidateCount; i++) covered.AsSpan(s.Candidates[i].Start, s.Candidates[i].End - s.Candidates[i].Start).Fill(true);
            int added = 0;
            for (int k = 0; k < tokens.Length; k++)
            {
                if (covered[k] || tokens[k].Kind != TokenKind.Word) continue;
                var w = text.Slice(tokens[k].Start, tokens[k].Length);
                if (!char.IsUpper(w[0]) || nameWords.BinarySearch(StableHash.Hash(w, NameWordSeed)) < 0) continue;
                if (IsCapitalisedWord(text, tokens, k - 1) || IsCapitalisedWord(text, tokens, k + 1)) continue;
                if (EntityRules.IsSentenceStart(text, tokens, k) && !IsSpeechVerb(text, tokens, k + 1)) continue;
                Add(s, k, k + 1, EntityType.Person);
                added++;
            }
            if (added > 0) SortCandidates(s);
        }
        finally
        {
            ReturnIndex(words);
            ReturnIndex(covered);
        }
    }

    private const ulong NameWordSeed = 0x4E414D45574F5244UL;

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> s_speechVerbs =
        new HashSet<string>(["said", "says", "told", "added", "adds", "insisted", "stressed", "noted", "warned", "argued", "wrote", "replied", "denied", "rejected", "accused", "called"], StringComparer.Ordinal)
            .GetAlternateLookup<ReadOnlySpan<char>>();

    private static bool IsSpeechVerb(ReadOnlySpan<char> text, ReadOnlySpan<Token> tokens, int k)
        => k < tokens.Length && tokens[k].Kind == TokenKind.Word && s_speechVerbs.Contains(text.Slice(tokens[k].Start, tokens[k].Length));

    private static bool IsCapitalisedWord(ReadOnlySpan<char> text, ReadOnlySpan<Token> tokens, int k)
        => k >= 0 && k < tokens.Length && tokens[k].Kind == TokenKind.Word && char.IsUpper(text[tokens[k].Start]);

    /// <summary>Extracts and links the entity mentions of a document.</summary>
    public IReadOnlyList<EntityMention> Extract(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Extract(text.AsSpan(), CancellationToken.None);
    }

    /// <summary>Extracts and links the entity mentions of a document; stops within about a thousand tokens' work once <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public IReadOnlyList<EntityMention> Extract(string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Extract(text.AsSpan(), cancellationToken);
    }

    /// <summary>Extracts and links the entity mentions of a document.</summary>
    public IReadOnlyList<EntityMention> Extract(ReadOnlySpan<char> text) => Extract(text, CancellationToken.None);

    /// <summary>Extracts and links the entity mentions of a document; stops within about a thousand tokens' work once <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public IReadOnlyList<EntityMention> Extract(ReadOnlySpan<char> text, CancellationToken cancellationToken) => Extract(text, null, cancellationToken);

    /// <summary>
    /// As <see cref="Extract(ReadOnlySpan{char}, CancellationToken)"/>, reading the tokens and gazetteer matches of a
    /// document layer made for <paramref name="text"/> with this extractor's gazetteer (<see cref="TokenLayer.Annotate"/>)
    /// instead of making them: the same mentions.
    /// </summary>
    internal IReadOnlyList<EntityMention> Extract(ReadOnlySpan<char> text, TokenLayer? layer, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var s = EntityScratch.Get();
        s.Cancellation = cancellationToken;
        if (layer is not null)
        {
            if (!layer.Annotated) throw new ArgumentException("The layer holds no annotated document.", nameof(layer));
            s.Attach(layer);
        }
        try
        {
            Run(text, s, _tagger);
            var spans = new EntitySpan[s.CandidateCount];
            for (int i = 0; i < spans.Length; i++)
            {
                var c = s.Candidates[i];
                spans[i] = new EntitySpan(TextSpan.FromBounds(s.Tokens[c.Start].Start, s.Tokens[c.End - 1].End), c.Type, c.Entry);
            }
            // The scratch is let go before linking: nothing below reads it, and a huge document's buffers can be collected.
            EntityScratch.Release(s);
            return EntityLinker.Link(text, spans, _gazetteer, cancellationToken);
        }
        finally { EntityScratch.Release(s); }
    }
}
