using System.Text;

namespace StanceKit.Fuzz;

/// <summary>
/// The fuzz targets. Each takes raw bytes, runs one StanceKit entry point and throws
/// <see cref="InvariantException"/> when a documented guarantee breaks. Any exception other than the
/// documented ones (invalid model data) escapes and is a finding.
/// </summary>
public static class Targets
{
    public static readonly IReadOnlyDictionary<string, Action<byte[]>> All = new Dictionary<string, Action<byte[]>>(StringComparer.Ordinal)
    {
        ["segment"] = Segment,
        ["extract"] = Extract,
        ["analyze"] = Analyze,
        ["model"] = Model,
        ["model-body"] = ModelBody,
        ["tagger"] = Tagger,
    };

    // Lazy: instrumented StanceKit code must not run before SharpFuzz has set up AFL's shared memory.
    private static readonly Lazy<SentenceSegmenter> s_small = new(() => new SentenceSegmenter(SentenceSegmenter.MinMaxSentenceLength));
    private static readonly Lazy<StanceAnalyzer> s_analyzer = new(() => StanceAnalyzer.Default);

    /// <summary>
    /// Text from fuzz bytes. The first byte picks the decoding: odd → the rest as raw UTF-16LE code units
    /// (lone surrogates, controls, anything), even → the rest as UTF-8 (invalid bytes become U+FFFD).
    /// </summary>
    public static string Text(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty) return "";
        var rest = data[1..];
        if ((data[0] & 1) == 1)
        {
            var chars = new char[rest.Length / 2];
            for (int i = 0; i < chars.Length; i++) chars[i] = (char)(rest[2 * i] | rest[2 * i + 1] << 8);
            return new string(chars);
        }
        return Encoding.UTF8.GetString(rest);
    }

    public static void Segment(byte[] data)
    {
        var text = Text(data);
        var dest = new TextSpan[4];
        foreach (var segmenter in new[] { SentenceSegmenter.Default, s_small.Value })
        {
            var spans = segmenter.Segment(text);
            Invariants.Spans(text, spans, "sentence", requireNonEmpty: true);
            foreach (var s in spans)
            {
                if (s.Length > segmenter.MaxSentenceLength) throw new InvariantException($"sentence {s} longer than {segmenter.MaxSentenceLength}");
                if (char.IsWhiteSpace(text[s.Start]) || char.IsWhiteSpace(text[s.End - 1])) throw new InvariantException($"sentence {s} is not trimmed");
            }
            var streamed = segmenter.Segment(new StringReader(text)).ToList();
            if (!streamed.SequenceEqual(spans)) throw new InvariantException("Segment(TextReader) differs from Segment(string)");
            int n = segmenter.Segment(text.AsSpan(), dest);
            if (n != Math.Min(4, spans.Count) || !dest.AsSpan(0, n).SequenceEqual(spans.Take(n).ToArray())) throw new InvariantException("Segment(span, destination) differs");
        }
    }

    public static void Extract(byte[] data)
    {
        var text = Text(data);
        var mentions = EntityExtractor.Default.Extract(text);
        Invariants.Spans(text, mentions.Select(m => m.Span).ToList(), "entity", requireNonEmpty: true);
        foreach (var m in mentions)
            if (string.IsNullOrEmpty(m.Canonical)) throw new InvariantException($"entity {m.Span} has no canonical name");
        var spans = new EntitySpan[Math.Max(1, mentions.Count)];
        int count = EntityExtractor.Default.Extract(text.AsSpan(), spans);
        if (count != mentions.Count) throw new InvariantException($"span API found {count} entities, linked API {mentions.Count}");
        for (int i = 0; i < count; i++)
            if (spans[i].Span != mentions[i].Span) throw new InvariantException($"span API and linked API disagree at {i}");
    }

    public static void Analyze(byte[] data)
    {
        var text = Text(data);
        var doc = s_analyzer.Value.Analyze(text);
        Invariants.Spans(text, doc.Sentences.Select(s => s.Span).ToList(), "sentence", requireNonEmpty: true);
        foreach (var s in doc.Sentences)
        {
            Invariants.Probabilities(s.Scores);
            foreach (var e in s.Entities)
                if (e.Span.Start < s.Span.Start || e.Span.End > s.Span.End) throw new InvariantException($"entity {e.Span} outside its sentence {s.Span}");
        }
        if (doc.Summary.Sentences != doc.Sentences.Count) throw new InvariantException("summary count differs");
    }

    public static void Model(byte[] data)
    {
        StanceModel model;
        try { model = StanceModel.Load(new MemoryStream(data)); }
        catch (InvalidModelException e) when (e.Message.Length > 20) { return; }
        // A model that loads must be usable.
        var clf = new StanceClassifier(model);
        Span<float> p = stackalloc float[3];
        clf.Score("The ministry said the talks went well.", p, "Russia");
        Invariants.Probabilities(StanceScores.FromSpan(p));
    }

    /// <summary>
    /// The model parser behind the checksum: the input's last 8 bytes are replaced by its correct checksum, so the
    /// mutations reach the header and weight parsing that a checksum mismatch would otherwise stop.
    /// </summary>
    public static void ModelBody(byte[] data)
    {
        if (data.Length >= 8)
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(data.Length - 8), StanceKit.Internal.Checksum.Compute(data.AsSpan(0, data.Length - 8)));
        Model(data);
    }

    public static void Tagger(byte[] data)
    {
        EntityExtractor extractor;
        try { extractor = EntityExtractor.Load(new MemoryStream(data), Gazetteer.Default); }
        catch (InvalidModelException e) when (e.Message.Length > 20) { return; }
        var text = "President Zorvan Tesh of Qarland met Ilse Moravec in Vonn.";
        Invariants.Spans(text, extractor.Extract(text).Select(m => m.Span).ToList(), "entity", requireNonEmpty: true);
    }
}

/// <summary>A documented guarantee does not hold.</summary>
public sealed class InvariantException(string message) : Exception(message);

public static class Invariants
{
    public static void Spans(string text, IReadOnlyList<TextSpan> spans, string what, bool requireNonEmpty)
    {
        int prevEnd = 0;
        foreach (var s in spans)
        {
            if (s.Start < 0 || s.End > text.Length || s.Start > s.End) throw new InvariantException($"{what} {s} out of bounds (text length {text.Length})");
            if (requireNonEmpty && s.Length == 0) throw new InvariantException($"{what} {s} is empty");
            if (s.Start < prevEnd) throw new InvariantException($"{what} {s} overlaps or precedes the previous one (ended at {prevEnd})");
            if (CutsPair(text, s.Start) || CutsPair(text, s.End)) throw new InvariantException($"{what} {s} cuts a surrogate pair");
            prevEnd = s.End;
        }
    }

    /// <summary>Whether offset i falls between the two halves of a surrogate pair.</summary>
    public static bool CutsPair(string text, int i) => i > 0 && i < text.Length && char.IsHighSurrogate(text[i - 1]) && char.IsLowSurrogate(text[i]);

    public static void Probabilities(StanceScores s)
    {
        float a = s.StateFraming, b = s.Critical, c = s.Neutral;
        if (!float.IsFinite(a) || !float.IsFinite(b) || !float.IsFinite(c) || a < 0 || b < 0 || c < 0)
            throw new InvariantException($"non-finite or negative probability ({a}, {b}, {c})");
        if (Math.Abs((double)a + b + c - 1) > 1e-5) throw new InvariantException($"probabilities sum to {(double)a + b + c}");
    }
}
