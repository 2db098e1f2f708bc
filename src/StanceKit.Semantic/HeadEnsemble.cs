namespace StanceKit.Semantic;

/// <summary>
/// Token heads whose calibrated probabilities are averaged: the sentence is tokenized and encoded once
/// (<see cref="TokenEncoder.Shared"/>), its states rounded to half precision as in training, its flags computed once,
/// then every head reads them. Immutable and thread safe; allocates per sentence.
/// </summary>
internal sealed class HeadEnsemble
{
    private readonly TokenHead[] _heads;

    public HeadEnsemble(IReadOnlyList<TokenHead> heads)
    {
        ArgumentNullException.ThrowIfNull(heads);
        if (heads.Count == 0) throw new ArgumentException("At least one token head is needed.", nameof(heads));
        foreach (var h in heads)
        {
            ArgumentNullException.ThrowIfNull(h, nameof(heads));
            if (h.F != TokenFlags.Count) throw new InvalidModelException($"A token head reads {h.F} flags per piece; this package computes {TokenFlags.Count}.");
        }
        _heads = [.. heads];
    }

    public int Count => _heads.Length;

    /// <summary>The mean calibrated probabilities (in <see cref="Stance"/> order) of <paramref name="text"/> toward <paramref name="target"/>.</summary>
    public double[] Score(string text, string? target)
    {
        var encoder = TokenEncoder.Shared;
        var pieces = encoder.Tokenize(text);
        var raw = encoder.Encode([pieces])[0];
        var states = new Half[raw.Length];
        for (int i = 0; i < raw.Length; i++) states[i] = (Half)raw[i];
        var flags = TokenFlags.Compute(text, target, pieces);
        return Score(states, flags);
    }

    /// <summary>The mean calibrated probabilities of one encoded sentence (states pieces × 384, flags pieces × 3).</summary>
    public double[] Score(ReadOnlySpan<Half> states, double[] flags)
    {
        var mean = new double[TokenHead.C];
        for (int m = 0; m < _heads.Length; m++)
        {
            var head = _heads[m];
            var w = head.NewWork();
            head.Forward(head.ToInput(states, flags), w, null, 0, 0, calibrated: true);
            for (int c = 0; c < TokenHead.C; c++) mean[c] += w.Prob[c];
        }
        for (int c = 0; c < TokenHead.C; c++) mean[c] /= _heads.Length;
        return mean;
    }
}
