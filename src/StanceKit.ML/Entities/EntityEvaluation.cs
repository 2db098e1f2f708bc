using System.Globalization;
using System.Text;
using StanceKit.Internal;

namespace StanceKit.ML;

/// <summary>Counts of a strict (exact span and type) entity evaluation.</summary>
/// <param name="TruePositives">Predicted spans with exactly the gold span and type.</param>
/// <param name="FalsePositives">Predicted spans without such a gold span.</param>
/// <param name="FalseNegatives">Gold spans not predicted exactly.</param>
public readonly record struct EntityScore(int TruePositives, int FalsePositives, int FalseNegatives)
{
    /// <summary>TP / (TP + FP); 0 when nothing was predicted.</summary>
    public double Precision => Counts.Precision;
    /// <summary>TP / (TP + FN); 0 when there is no gold span.</summary>
    public double Recall => Counts.Recall;
    /// <summary>Harmonic mean of precision and recall.</summary>
    public double F1 => Counts.F1;
    /// <summary>Number of gold spans.</summary>
    public int Support => TruePositives + FalseNegatives;

    private PrecisionRecall Counts => new(TruePositives, FalsePositives, FalseNegatives);

    internal EntityScore Add(EntityScore o) => new(TruePositives + o.TruePositives, FalsePositives + o.FalsePositives, FalseNegatives + o.FalseNegatives);
}

/// <summary>One disagreement between the extractor and the gold annotation.</summary>
/// <remarks>Equal when every property is equal.</remarks>
public sealed class EntityError : IEquatable<EntityError>
{
    /// <summary>Creates an error.</summary>
    /// <param name="text">The sentence.</param>
    /// <param name="span">The span.</param>
    /// <param name="type">The type.</param>
    /// <param name="missed">True for a gold span not found (false negative), false for a spurious prediction (false positive).</param>
    public EntityError(string text, TextSpan span, EntityType type, bool missed)
    {
        ArgumentNullException.ThrowIfNull(text);
        Text = text;
        Span = span;
        Type = type;
        Missed = missed;
    }

    /// <summary>The sentence.</summary>
    public string Text { get; }

    /// <summary>The span.</summary>
    public TextSpan Span { get; }

    /// <summary>The type.</summary>
    public EntityType Type { get; }

    /// <summary>True for a gold span not found (false negative), false for a spurious prediction (false positive).</summary>
    public bool Missed { get; }

    /// <inheritdoc />
    public bool Equals(EntityError? other) => other is not null && Span == other.Span && Type == other.Type && Missed == other.Missed
        && string.Equals(Text, other.Text, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as EntityError);

    /// <summary>Whether two errors are equal (both null counts as equal).</summary>
    public static bool operator ==(EntityError? left, EntityError? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Whether two errors differ.</summary>
    public static bool operator !=(EntityError? left, EntityError? right) => !(left == right);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Span, Type, Missed);

    /// <inheritdoc />
    public override string ToString() => $"{(Missed ? "MISS" : "FALSE")} {Type.ToWireName()} \"{Span.GetText(Text)}\" in: {Text}";
}

/// <summary>
/// Strict entity evaluation: a prediction counts only with exactly the gold span and type.
/// Per-type and micro-averaged precision, recall and F1, and a printable report.
/// </summary>
public sealed class EntityEvaluation
{
    private static readonly EntityType[] s_types = [EntityType.Person, EntityType.Org, EntityType.Loc, EntityType.Norp];
    private readonly EntityScore[] _perType;

    private EntityEvaluation(EntityScore[] perType, int examples, IReadOnlyList<EntityError> errors)
    {
        _perType = perType;
        Examples = examples;
        Errors = errors;
    }

    /// <summary>Number of evaluated examples.</summary>
    public int Examples { get; }

    /// <summary>Scores of one type.</summary>
    public EntityScore this[EntityType type] => _perType[(int)type];

    /// <summary>Micro-averaged scores over the four types.</summary>
    public EntityScore Micro => _perType.Aggregate(default(EntityScore), (a, b) => a.Add(b));

    /// <summary>Every false positive and false negative, in input order.</summary>
    public IReadOnlyList<EntityError> Errors { get; }

    /// <summary>Runs the extractor's span API on every example and scores it strictly.</summary>
    /// <param name="extractor">The extractor.</param>
    /// <param name="examples">The gold examples.</param>
    /// <param name="cancellationToken">Checked before every example.</param>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static EntityEvaluation Evaluate(EntityExtractor extractor, IEnumerable<EntityExample> examples, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(extractor);
        ArgumentNullException.ThrowIfNull(examples);
        cancellationToken.ThrowIfCancellationRequested();
        var per = new EntityScore[4];
        var errors = new List<EntityError>();
        int count = 0;
        var buffer = new EntitySpan[64];
        foreach (var ex in examples)
        {
            cancellationToken.ThrowIfCancellationRequested();
            count++;
            if (buffer.Length < ex.Text.Length / 2 + 16) buffer = new EntitySpan[ex.Text.Length / 2 + 16];
            int n = extractor.Extract(ex.Text, buffer.AsSpan());
            // Predictions in the gold shape (span and type; the gazetteer entry is not scored), so the two compare directly.
            var predicted = new HashSet<EntityGold>();
            for (int i = 0; i < n; i++) predicted.Add(new EntityGold(buffer[i].Span, buffer[i].Type));
            var gold = new HashSet<EntityGold>(ex.Entities);
            foreach (var p in predicted)
            {
                int t = (int)p.Type;
                if (gold.Contains(p)) per[t] = per[t].Add(new EntityScore(1, 0, 0));
                else
                {
                    per[t] = per[t].Add(new EntityScore(0, 1, 0));
                    errors.Add(new EntityError(ex.Text, p.Span, p.Type, missed: false));
                }
            }
            foreach (var g in gold)
            {
                if (predicted.Contains(g)) continue;
                int t = (int)g.Type;
                per[t] = per[t].Add(new EntityScore(0, 0, 1));
                errors.Add(new EntityError(ex.Text, g.Span, g.Type, missed: true));
            }
        }
        return new EntityEvaluation(per, count, errors);
    }

    /// <summary>Evaluates the examples of a JSONL file (see <see cref="EntityCorpus"/>).</summary>
    /// <param name="extractor">The extractor.</param>
    /// <param name="jsonlPath">The gold JSONL file.</param>
    /// <param name="cancellationToken">Checked before every example.</param>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static EntityEvaluation EvaluateFile(EntityExtractor extractor, string jsonlPath, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Evaluate(extractor, EntityCorpus.ReadJsonl(jsonlPath), cancellationToken);
    }

    /// <summary>A table of precision, recall, F1 and support per type and micro-averaged.</summary>
    public string ToReport()
    {
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        sb.AppendLine(inv, $"examples: {Examples}");
        sb.AppendLine("type     precision  recall     f1      support   tp    fp    fn");
        foreach (var t in s_types) Row(sb, t.ToWireName(), this[t]);
        Row(sb, "micro", Micro);
        return sb.ToString();

        static void Row(StringBuilder sb, string name, EntityScore s)
            => sb.AppendLine(CultureInfo.InvariantCulture, $"{name,-8} {s.Precision,9:0.000}  {s.Recall,6:0.000}  {s.F1,7:0.000}  {s.Support,7}  {s.TruePositives,5} {s.FalsePositives,5} {s.FalseNegatives,5}");
    }

    /// <inheritdoc />
    public override string ToString() => ToReport();
}
