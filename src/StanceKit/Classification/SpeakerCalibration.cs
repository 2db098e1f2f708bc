using System.Globalization;
using System.Text;

namespace StanceKit;

/// <summary>
/// A model's speaker calibration: log-odds offsets added to the calibrated logits of every sentence, one triple for all
/// sentences and one for each class of the sentence's main speaker (the target's voice, its state media, another state,
/// an international body, a rights group, the opposition, anyone else, or the narrator when nobody speaks).
/// </summary>
/// <remarks>
/// Why: a model trained on our written corpus learns how often each kind of speaker goes with each label from that
/// corpus, and real reporting differs (on our real-news probe the target's own voice is state-framing three times in
/// four, far more often than in the corpus). These 27 numbers are fitted by log-loss on labelled text of the user's kind
/// (<c>stancekit calibrate</c>); the weights stay as trained. Stored in the model's metadata under
/// <see cref="MetadataKey"/> as <c>GROUP n,s,c; ...</c> (GROUP is <c>all</c> or a speaker class; the three numbers in
/// <see cref="Stance"/> order), so that a model without it scores exactly as before.
/// </remarks>
internal static class SpeakerCalibration
{
    /// <summary>The metadata key of the offsets.</summary>
    public const string MetadataKey = "calibration-offsets";

    /// <summary>Speaker classes, in <see cref="SpeakerClass"/> order.</summary>
    public const int SpeakerClasses = 8;

    /// <summary>Offsets per model: 3 for all sentences, then 3 per speaker class.</summary>
    public const int Length = StanceNames.Count * (1 + SpeakerClasses);

    /// <summary>The offsets a model's metadata holds, or null when it holds none.</summary>
    /// <exception cref="FormatException">The entry is malformed (the message says how).</exception>
    public static float[]? Parse(IReadOnlyDictionary<string, string> metadata)
    {
        if (!metadata.TryGetValue(MetadataKey, out var text)) return null;
        var offsets = new float[Length];
        var seen = new bool[1 + SpeakerClasses];
        foreach (var part in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int space = part.IndexOf(' ', StringComparison.Ordinal);
            if (space <= 0) throw new FormatException($"'{part}' is not 'GROUP n,s,c'.");
            int group = GroupIndex(part[..space]);
            if (group < 0) throw new FormatException($"'{part[..space]}' is neither 'all' nor a speaker class.");
            if (seen[group]) throw new FormatException($"'{part[..space]}' is listed twice.");
            seen[group] = true;
            var numbers = part[(space + 1)..].Split(',');
            if (numbers.Length != StanceNames.Count) throw new FormatException($"'{part}' does not hold three numbers.");
            for (int c = 0; c < StanceNames.Count; c++)
            {
                if (!float.TryParse(numbers[c], NumberStyles.Float, CultureInfo.InvariantCulture, out float v) || !float.IsFinite(v) || Math.Abs(v) > 50f)
                    throw new FormatException($"'{numbers[c].Trim()}' in '{part}' is not a finite offset of at most 50.");
                offsets[group * StanceNames.Count + c] = v;
            }
        }
        return offsets;
    }

    /// <summary>
    /// The offsets each speaker class adds (<see cref="SpeakerClasses"/> × 3, in <see cref="SpeakerClass"/> order): its own
    /// plus those for all sentences, summed once here instead of at every score.
    /// </summary>
    public static float[] PerSpeaker(ReadOnlySpan<float> offsets)
    {
        if (offsets.Length != Length) throw new ArgumentException($"Expected {Length} offsets.", nameof(offsets));
        var perSpeaker = new float[SpeakerClasses * StanceNames.Count];
        for (int s = 0; s < SpeakerClasses; s++)
            for (int c = 0; c < StanceNames.Count; c++)
                perSpeaker[s * StanceNames.Count + c] = offsets[c] + offsets[(s + 1) * StanceNames.Count + c];
        return perSpeaker;
    }

    /// <summary>The metadata text of offsets (<see cref="Length"/> numbers).</summary>
    public static string Format(ReadOnlySpan<float> offsets)
    {
        if (offsets.Length != Length) throw new ArgumentException($"Expected {Length} offsets.", nameof(offsets));
        var sb = new StringBuilder();
        for (int g = 0; g <= SpeakerClasses; g++)
        {
            if (g > 0) sb.Append("; ");
            sb.Append(g == 0 ? "all" : SpeakerFinder.Name((SpeakerClass)(g - 1))).Append(' ');
            for (int c = 0; c < StanceNames.Count; c++)
            {
                if (c > 0) sb.Append(',');
                sb.Append(offsets[g * StanceNames.Count + c].ToString("F3", CultureInfo.InvariantCulture));
            }
        }
        return sb.ToString();
    }

    private static int GroupIndex(string name)
    {
        if (name == "all") return 0;
        for (int s = 0; s < SpeakerClasses; s++)
            if (name == SpeakerFinder.Name((SpeakerClass)s)) return s + 1;
        return -1;
    }
}
