using System.Globalization;
using System.Text;

namespace StanceKit.Tests.Robustness;

/// <summary>The output guarantees every entry point keeps on any input, and a hang guard.</summary>
internal static class RobustAssert
{
    /// <summary>In bounds, ordered, non-overlapping, non-empty, never cutting a surrogate pair.</summary>
    public static void Spans(string text, IEnumerable<TextSpan> spans, string what)
    {
        int previousEnd = 0;
        foreach (var s in spans)
        {
            if (s.Start < 0 || s.Length <= 0 || s.End > text.Length)
                Assert.Fail($"{what} {s} empty or out of bounds (text length {text.Length}) in {Escape(text)}");
            if (s.Start < previousEnd) Assert.Fail($"{what} {s} overlaps or precedes the previous one (ended at {previousEnd}) in {Escape(text)}");
            if (CutsPair(text, s.Start) || CutsPair(text, s.End)) Assert.Fail($"{what} {s} cuts a surrogate pair in {Escape(text)}");
            previousEnd = s.End;
        }
    }

    public static bool CutsPair(string text, int i) => i > 0 && i < text.Length && char.IsHighSurrogate(text[i - 1]) && char.IsLowSurrogate(text[i]);

    /// <summary>Finite, non-negative, summing to 1 within 1e-5.</summary>
    public static void Probabilities(StanceScores s, string context)
    {
        float[] p = [s.Neutral, s.StateFraming, s.Critical];
        if (p.Any(x => !float.IsFinite(x) || x < 0)) Assert.Fail($"non-finite or negative probability {s} for {context}");
        double sum = (double)p[0] + p[1] + p[2];
        if (Math.Abs(sum - 1) > 1e-5) Assert.Fail($"probabilities sum to {sum:R} for {context}");
    }

    /// <summary>Every guarantee of an analysed document.</summary>
    public static void Document(string text, StanceDocument doc)
    {
        Assert.That(doc.Text, Is.SameAs(text));
        Spans(text, doc.Sentences.Select(s => s.Span), "sentence");
        Spans(text, doc.Entities.Select(e => e.Span), "entity");
        for (int i = 0; i < doc.Sentences.Count; i++)
        {
            var s = doc.Sentences[i];
            if (s.Index != i) Assert.Fail($"sentence {i} has index {s.Index}");
            Probabilities(s.Scores, Escape(s.Text));
            if (s.Scores.Best != s.Stance && s.Scores[s.Stance] < s.Scores[s.Scores.Best]) Assert.Fail($"stance {s.Stance} is not the most probable ({s.Scores})");
            foreach (var e in s.Entities)
                if (!s.Span.Contains(e.Span)) Assert.Fail($"entity {e.Span} outside its sentence {s.Span}");
        }
        if (doc.Summary.Sentences != doc.Sentences.Count || doc.Summary.Neutral + doc.Summary.StateFraming + doc.Summary.Critical != doc.Sentences.Count)
            Assert.Fail("summary counts do not add up");
    }

    /// <summary>Entity mentions: the span guarantees plus a canonical name.</summary>
    public static void Entities(string text, IReadOnlyList<EntityMention> mentions)
    {
        Spans(text, mentions.Select(m => m.Span), "entity");
        foreach (var m in mentions)
            if (string.IsNullOrWhiteSpace(m.Canonical)) Assert.Fail($"entity {m.Span} has no canonical name");
    }

    /// <summary>An exact, comparable rendering of a document (float bits included).</summary>
    public static string Fingerprint(StanceDocument d)
    {
        var sb = new StringBuilder();
        sb.Append(d.Target).Append('|').Append(d.TargetInferred).Append('\n');
        foreach (var s in d.Sentences)
        {
            sb.Append(s.Span).Append(' ').Append(s.Stance).Append(' ')
              .Append(BitConverter.SingleToInt32Bits(s.Scores.Neutral)).Append(',')
              .Append(BitConverter.SingleToInt32Bits(s.Scores.StateFraming)).Append(',')
              .Append(BitConverter.SingleToInt32Bits(s.Scores.Critical));
            foreach (var e in s.Entities) sb.Append(' ').Append(e.Span).Append(e.Type).Append(':').Append(e.Canonical);
            sb.Append('\n');
        }
        foreach (var e in d.Entities) sb.Append(e).Append('\n');
        foreach (var a in d.Summary.ByActor) sb.Append(a).Append('\n');
        return sb.ToString();
    }

    /// <summary>Runs <paramref name="action"/> and fails if it has not finished after a generous deadline (a hang, not a speed check).</summary>
    public static void Finishes(Action action, int minutes = 2)
    {
        var task = Task.Run(action);
        if (!task.Wait(TimeSpan.FromMinutes(minutes))) Assert.Fail($"did not finish within {minutes} minutes: a hang or a quadratic blow-up");
        task.GetAwaiter().GetResult();
    }

    public static string Escape(string s)
    {
        if (s.Length > 200) s = s[..200] + "…";
        return string.Concat(s.Select(c => c < ' ' || c > '~' ? "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture) : c.ToString()));
    }
}
