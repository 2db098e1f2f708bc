namespace StanceKit.ML.Parsing;

/// <summary>UPOS, UAS and LAS of a predicted CoNLL-U file against a gold one with the same words.</summary>
/// <remarks>
/// Counts every syntactic word (multiword-token lines are not words), punctuation included, as the CoNLL 2018
/// shared task does; <see cref="UasNoPunct"/>/<see cref="LasNoPunct"/> leave out words whose gold UPOS is PUNCT.
/// <see cref="Las"/> compares the universal part of the relation only ("nsubj:pass" = "nsubj"), the CoNLL 2018
/// definition; <see cref="LasFull"/> compares the whole relation with its subtype.
/// </remarks>
internal sealed record ParserScores(int Words, double Upos, double Uas, double Las, double LasFull, double UasNoPunct, double LasNoPunct)
{
    public static ParserScores Score(IReadOnlyList<ConlluSentence> gold, IReadOnlyList<ConlluSentence> predicted)
    {
        if (gold.Count != predicted.Count) throw new FormatException($"The files have {gold.Count} and {predicted.Count} sentences.");
        int n = 0, pos = 0, uas = 0, las = 0, lasFull = 0, np = 0, uasNp = 0, lasNp = 0;
        for (int s = 0; s < gold.Count; s++)
        {
            var g = gold[s].Words;
            var p = predicted[s].Words;
            if (g.Length != p.Length) throw new FormatException($"Sentence {s + 1} ('{gold[s].Id}') has {g.Length} gold and {p.Length} predicted words.");
            for (int i = 0; i < g.Length; i++)
            {
                if (!string.Equals(g[i].Form, p[i].Form, StringComparison.Ordinal))
                    throw new FormatException($"Sentence {s + 1} ('{gold[s].Id}') word {i + 1}: gold form '{g[i].Form}', predicted '{p[i].Form}'.");
                n++;
                if (g[i].Upos == p[i].Upos) pos++;
                bool head = g[i].Head == p[i].Head;
                bool label = head && Universal(g[i].Relation).SequenceEqual(Universal(p[i].Relation));
                bool full = head && g[i].Relation == p[i].Relation;
                if (head) uas++;
                if (label) las++;
                if (full) lasFull++;
                if (g[i].Upos != "PUNCT")
                {
                    np++;
                    if (head) uasNp++;
                    if (label) lasNp++;
                }
            }
        }
        static double R(int a, int b) => StanceKit.Internal.PrecisionRecall.Ratio(a, b);
        return new ParserScores(n, R(pos, n), R(uas, n), R(las, n), R(lasFull, n), R(uasNp, np), R(lasNp, np));
    }

    public static ParserScores ScoreFiles(string goldPath, string predictedPath) =>
        Score(Conllu.Read(goldPath), Conllu.Read(predictedPath));

    private static ReadOnlySpan<char> Universal(string relation)
    {
        int colon = relation.IndexOf(':');
        return colon < 0 ? relation : relation.AsSpan(0, colon);
    }

    public override string ToString() =>
        $"words {Words}  UPOS {Upos:F4}  UAS {Uas:F4}  LAS {Las:F4} (with subtypes {LasFull:F4})  no-punct UAS {UasNoPunct:F4} LAS {LasNoPunct:F4}";
}
