using System.Buffers;
using StanceKit.Internal;
using StanceKit.Parsing;
using StanceKit.Parsing.Neural;
using StanceKit.Text;

namespace StanceKit;

/// <summary>
/// A part-of-speech tagger and labelled dependency parser for English (Universal Dependencies v2: UPOS tags and
/// relations with subtypes), trained on the UD English Web Treebank. Greedy averaged-perceptron tagger, then an
/// arc-hybrid transition parser: greedy (the embedded model), or with a beam for a model trained with one
/// (<see cref="BeamWidth"/>). Thread safe; the span overload allocates nothing after warm-up.
/// </summary>
/// <remarks>
/// Words are the tokens of the library's tokenizer with contractions split the UD way ("don't" → "do" + "n't",
/// "I'm" → "I" + "'m"); see docs/parsing.md. A sentence of more than <see cref="MaxSentenceWords"/> words is parsed
/// in consecutive pieces of that many words; the root of each later piece is attached to the root of the first with
/// <see cref="DependencyRelation.Dep"/>, so every sentence still has exactly one root and no cycle.
/// </remarks>
public sealed class DependencyParser
{
    /// <summary>Largest number of words parsed as one tree (longer sentences are parsed in pieces, see remarks).</summary>
    public const int MaxSentenceWords = 200;

    /// <summary>Token buffers up to this size are kept per thread; bigger inputs rent from the shared pool.</summary>
    private const int KeptTokens = 4096;

    private static readonly Lazy<DependencyParser> s_default = new(LoadDefault, LazyThreadSafetyMode.ExecutionAndPublication);

    internal DependencyParser(ParserModel model, string fingerprint = "", NeuralParserModel? neural = null)
    {
        Model = model;
        Fingerprint = fingerprint;
        Neural = neural;
        _relations = neural?.Relations ?? model.Relations;
        _rootLabel = neural is null ? model.RootLabel : Math.Max(0, neural.RootLabel);
    }

    private readonly DependencyRelation[] _relations;
    private readonly int _rootLabel;

    /// <summary>The perceptron model: the tagger, and the parser unless <see cref="Neural"/> is set.</summary>
    internal ParserModel Model { get; }

    /// <summary>The BiLSTM + biaffine parser that replaces the perceptron parser (its tags still come from <see cref="Model"/>), or null.</summary>
    internal NeuralParserModel? Neural { get; }

    /// <summary>
    /// A checksum of the model file's bytes (16 hex digits): stance models whose features read the parse record the
    /// fingerprint of the parser they were trained on, so a classifier can refuse a model that would meet another parse
    /// (see <see cref="StanceClassifier"/>). Empty for a parser built in memory.
    /// </summary>
    internal string Fingerprint { get; }

    /// <summary>
    /// The beam of the model's search: 1 for the greedy parser (the embedded one), more for a model trained with
    /// <c>stancekit train-parser --beam N</c> (more accurate, about N times slower; see docs/parsing.md).
    /// </summary>
    public int BeamWidth => Model.BeamWidth;

    /// <summary>The parser embedded in the assembly (loaded once, on first use).</summary>
    /// <exception cref="InvalidOperationException">The assembly was built without the parser model.</exception>
    public static DependencyParser Default => s_default.Value;

    private static DependencyParser LoadDefault()
    {
        const string resource = "StanceKit.Models.parser.bin";
        using var s = typeof(DependencyParser).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException("This build of StanceKit has no embedded parser model (models/parser/parser.bin was missing at build time).");
        return Load(s, resource);
    }

    /// <summary>
    /// Loads a parser model written by <c>stancekit train-parser</c>, or a neural (BiLSTM + biaffine) model written by
    /// <c>stancekit train-neural-parser</c>, which parses with the tags of the embedded tagger (slower, more accurate;
    /// see docs/parsing.md).
    /// </summary>
    /// <exception cref="InvalidModelException">The stream is not a parser model of this version, or is truncated or corrupt.</exception>
    public static DependencyParser Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return Load(stream, null);
    }

    /// <summary>Loads a parser model file.</summary>
    /// <exception cref="InvalidModelException">The file is not a parser model of this version, or is truncated or corrupt.</exception>
    public static DependencyParser Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var s = File.OpenRead(path);
        return Load(s, path);
    }

    // The model reader reports InvalidDataException; the public contract for every model file is InvalidModelException.
    private static DependencyParser Load(Stream stream, string? source)
    {
        // The bytes are read once into memory so that the fingerprint is of exactly what was loaded.
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        var bytes = copy.GetBuffer().AsSpan(0, (int)copy.Length);
        string fingerprint = Checksum.Compute(bytes).ToString("X16", System.Globalization.CultureInfo.InvariantCulture);
        copy.Position = 0;
        if (NeuralParserModel.IsNeuralModel(bytes))
            return new DependencyParser(Default.Model, fingerprint, NeuralParserModel.Load(copy, source));
        try { return new DependencyParser(ParserModel.Load(copy), fingerprint); }
        catch (InvalidDataException e) { throw InvalidModelException.FromReader(source, e); }
    }

    /// <summary>The number of words <see cref="Parse(ReadOnlySpan{char}, TextSpan, Span{ParsedToken})"/> writes for this sentence.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sentence"/> is not inside <paramref name="text"/>.</exception>
    public int CountWords(ReadOnlySpan<char> text, TextSpan sentence)
    {
        CheckSpan(text, sentence);
        var scratch = Scratch.Get();
        var slice = sentence.Slice(text);
        var tokens = scratch.Tokens(slice.Length + 1, out var rented);
        try
        {
            int nt = NewsTokenizer.Tokenize(slice, tokens);
            return scratch.SplitWords(slice, tokens.AsSpan(0, nt));
        }
        finally
        {
            if (rented) scratch.Return(tokens);
        }
    }

    /// <summary>
    /// Tags and parses the sentence <paramref name="sentence"/> of <paramref name="text"/> into
    /// <paramref name="destination"/> (offsets into <paramref name="text"/>; heads are indices into the written words).
    /// Allocates nothing after warm-up.
    /// </summary>
    /// <returns>The number of words written (0 for a sentence with no word).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sentence"/> is not inside <paramref name="text"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="CountWords"/>.</exception>
    public int Parse(ReadOnlySpan<char> text, TextSpan sentence, Span<ParsedToken> destination)
    {
        CheckSpan(text, sentence);
        var scratch = Scratch.Get();
        var slice = sentence.Slice(text);
        var tokens = scratch.Tokens(slice.Length + 1, out var rented);
        try
        {
            int nt = NewsTokenizer.Tokenize(slice, tokens);
            int n = scratch.SplitWords(slice, tokens.AsSpan(0, nt));
            if (destination.Length < n) ThrowHelper.ThrowDestinationTooShort(nameof(destination));
            var words = scratch.Words.AsSpan(0, n);
            ParseWords(slice, words, scratch);
            for (int i = 0; i < n; i++)
            {
                destination[i] = new ParsedToken(sentence.Start + words[i].Start, sentence.Start + words[i].End,
                    (UniversalPos)scratch.Pos[i], scratch.Heads[i], _relations[scratch.Labels[i]]);
            }
            return n;
        }
        finally
        {
            if (rented) scratch.Return(tokens);
        }
    }

    /// <summary>Tags and parses the sentence <paramref name="sentence"/> of <paramref name="text"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sentence"/> is not inside <paramref name="text"/>.</exception>
    public ParsedSentence Parse(string text, TextSpan sentence)
    {
        ArgumentNullException.ThrowIfNull(text);
        int n = CountWords(text, sentence);
        var tokens = n == 0 ? [] : new ParsedToken[n];
        Parse(text.AsSpan(), sentence, tokens);
        return new ParsedSentence(sentence, tokens);
    }

    /// <summary>Tags and parses <paramref name="sentence"/> as one sentence.</summary>
    public ParsedSentence Parse(string sentence)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        return Parse(sentence, new TextSpan(0, sentence.Length));
    }

    /// <summary>
    /// Parses one sentence given as the <see cref="NewsTokenizer"/> tokens the caller already has (offsets into
    /// <paramref name="text"/>), writing one analysis per token: <paramref name="pos"/>, <paramref name="heads"/>
    /// (index into <paramref name="tokens"/>, -1 for the root) and <paramref name="relations"/>. A token that is
    /// not the anchor of its word (the "t" of "don" "'" "t", the "ll" of "'" "ll") gets its word's tag, the word's
    /// anchor token as head and <see cref="DependencyRelation.Goeswith"/>. Allocates nothing after warm-up.
    /// </summary>
    internal void ParseTokens(ReadOnlySpan<char> text, ReadOnlySpan<Token> tokens, Span<UniversalPos> pos, Span<int> heads, Span<DependencyRelation> relations)
    {
        if (pos.Length < tokens.Length) ThrowHelper.ThrowDestinationTooShort(nameof(pos));
        if (heads.Length < tokens.Length) ThrowHelper.ThrowDestinationTooShort(nameof(heads));
        if (relations.Length < tokens.Length) ThrowHelper.ThrowDestinationTooShort(nameof(relations));
        var scratch = Scratch.Get();
        int n = scratch.SplitWords(text, tokens);
        var words = scratch.Words.AsSpan(0, n);
        ParseWords(text, words, scratch);
        var tokenWord = scratch.TokenWord;
        for (int k = 0; k < tokens.Length; k++)
        {
            int w = tokenWord[k];
            pos[k] = (UniversalPos)scratch.Pos[w];
            if (words[w].Anchor != k)
            {
                heads[k] = words[w].Anchor;
                relations[k] = DependencyRelation.Goeswith;
                continue;
            }
            int h = scratch.Heads[w];
            heads[k] = h < 0 ? -1 : words[h].Anchor;
            relations[k] = _relations[scratch.Labels[w]];
        }
    }

    /// <summary>Tags and parses the words, in pieces of at most <see cref="MaxSentenceWords"/>; results in the scratch arrays.</summary>
    private void ParseWords(ReadOnlySpan<char> text, ReadOnlySpan<WordSpan> words, Scratch scratch)
    {
        int n = words.Length;
        scratch.EnsureWords(n);
        var state = scratch.State;
        int firstRoot = -1;
        int depLabel = Array.IndexOf(_relations, DependencyRelation.Dep);
        for (int start = 0; start < n; start += MaxSentenceWords)
        {
            int len = Math.Min(MaxSentenceWords, n - start);
            state.SetWords(text, words.Slice(start, len), Model.Clusters, Model.ClusterUse);
            Model.Tag(state);
            if (Neural is { } neural)
            {
                var ctx = scratch.NeuralFor(neural);
                neural.Fill(ctx.Input, text, words.Slice(start, len), state.Tag.AsSpan(1, len));
                neural.Parse(ctx, state.Head, state.Label);
            }
            else Model.Parse(state, Model.BeamWidth > 1 ? scratch.BeamFor(Model.BeamWidth) : null);
            for (int i = 1; i <= len; i++)
            {
                int w = start + i - 1;
                scratch.Pos[w] = (byte)state.Tag[i];
                int h = state.Head[i];
                if (h > 0)
                {
                    scratch.Heads[w] = start + h - 1;
                    scratch.Labels[w] = (byte)state.Label[i];
                }
                else if (firstRoot < 0)
                {
                    firstRoot = w;
                    scratch.Heads[w] = -1;
                    scratch.Labels[w] = (byte)_rootLabel;
                }
                else
                {
                    scratch.Heads[w] = firstRoot;
                    scratch.Labels[w] = (byte)(depLabel >= 0 ? depLabel : _rootLabel);
                }
            }
        }
    }

    private static void CheckSpan(ReadOnlySpan<char> text, TextSpan sentence)
    {
        if (sentence.Start < 0 || sentence.Length < 0 || sentence.End > text.Length)
            throw new ArgumentOutOfRangeException(nameof(sentence), sentence, "The sentence span is not inside the text.");
    }

    /// <summary>Per-thread buffers (grown on demand, then reused).</summary>
    private sealed class Scratch
    {
        [ThreadStatic] private static Scratch? t_scratch;

        public static Scratch Get() => t_scratch ??= new Scratch();

        public readonly ParseState State = new();
        private BeamSearch? _beam;

        public BeamSearch BeamFor(int width) => _beam is { } b && b.Width == width ? b : _beam = new BeamSearch(width);

        private NeuralParseContext? _neural;

        public NeuralParseContext NeuralFor(NeuralParserModel model) => _neural is { } c && c.Model == model ? c : _neural = new NeuralParseContext(model);
        public WordSpan[] Words = new WordSpan[256];
        public int[] TokenWord = new int[256];
        public byte[] Pos = new byte[256];
        public int[] Heads = new int[256];
        public byte[] Labels = new byte[256];
        private Token[] _tokens = new Token[256];

        public Token[] Tokens(int needed, out bool rented)
        {
            if (needed <= _tokens.Length) { rented = false; return _tokens; }
            if (needed <= KeptTokens)
            {
                _tokens = new Token[Math.Max(needed, _tokens.Length * 2)];
                rented = false;
                return _tokens;
            }
            rented = true;
            return ArrayPool<Token>.Shared.Rent(needed);
        }

        public void Return(Token[] tokens) => ArrayPool<Token>.Shared.Return(tokens);

        public int SplitWords(ReadOnlySpan<char> text, ReadOnlySpan<Token> tokens)
        {
            if (Words.Length < tokens.Length)
            {
                int c = Math.Max(tokens.Length, Words.Length * 2);
                Words = new WordSpan[c];
                TokenWord = new int[c];
            }
            return ParserWords.Split(text, tokens, Words, TokenWord);
        }

        public void EnsureWords(int n)
        {
            if (Pos.Length >= n) return;
            int c = Math.Max(n, Pos.Length * 2);
            Pos = new byte[c];
            Heads = new int[c];
            Labels = new byte[c];
        }
    }
}
