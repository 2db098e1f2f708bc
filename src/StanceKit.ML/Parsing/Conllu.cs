using System.Text;

namespace StanceKit.ML.Parsing;

/// <summary>One syntactic word of a CoNLL-U sentence (the columns the parser uses).</summary>
internal readonly record struct ConlluWord(string Form, string Upos, int Head, string Relation);

/// <summary>A CoNLL-U sentence: its id, its text comment and its syntactic words (multiword-token lines and empty nodes are skipped).</summary>
internal sealed record ConlluSentence(string Id, string Text, ConlluWord[] Words)
{
    /// <summary>The forms joined by single spaces, and the span of each word in that string.</summary>
    public (string Text, StanceKit.Parsing.WordSpan[] Spans) Layout()
    {
        var sb = new StringBuilder();
        var spans = new StanceKit.Parsing.WordSpan[Words.Length];
        for (int i = 0; i < Words.Length; i++)
        {
            if (i > 0) sb.Append(' ');
            int start = sb.Length;
            sb.Append(Words[i].Form);
            spans[i] = new StanceKit.Parsing.WordSpan(start, sb.Length, i);
        }
        return (sb.ToString(), spans);
    }
}

/// <summary>Reads and writes CoNLL-U (https://universaldependencies.org/format.html).</summary>
internal static class Conllu
{
    /// <summary>Reads every sentence of a CoNLL-U file.</summary>
    /// <exception cref="FormatException">A word line does not have 10 columns or has a bad ID or HEAD.</exception>
    public static List<ConlluSentence> Read(string path)
    {
        var result = new List<ConlluSentence>();
        var words = new List<ConlluWord>();
        string id = "", text = "";
        int lineNo = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNo++;
            if (line.Length == 0)
            {
                if (words.Count > 0) result.Add(new ConlluSentence(id, text, words.ToArray()));
                words.Clear();
                id = text = "";
                continue;
            }
            if (line[0] == '#')
            {
                if (line.StartsWith("# sent_id = ", StringComparison.Ordinal)) id = line[12..];
                else if (line.StartsWith("# text = ", StringComparison.Ordinal)) text = line[9..];
                continue;
            }
            var cols = line.Split('\t');
            if (cols.Length != 10) throw new FormatException($"{path}:{lineNo}: expected 10 tab-separated columns, found {cols.Length}.");
            if (cols[0].Contains('-') || cols[0].Contains('.')) continue; // multiword token range or empty node
            if (!int.TryParse(cols[0], out int wid) || wid != words.Count + 1) throw new FormatException($"{path}:{lineNo}: word ID '{cols[0]}' is not the next one.");
            if (!int.TryParse(cols[6], out int head) || head < 0) throw new FormatException($"{path}:{lineNo}: bad HEAD '{cols[6]}'.");
            words.Add(new ConlluWord(cols[1], cols[3], head, cols[7]));
        }
        if (words.Count > 0) result.Add(new ConlluSentence(id, text, words.ToArray()));
        return result;
    }

    /// <summary>Writes one sentence (ID, FORM, UPOS, HEAD, DEPREL filled; other columns "_").</summary>
    public static void Write(TextWriter w, string id, string text, IReadOnlyList<ConlluWord> words)
    {
        w.Write("# sent_id = "); w.Write(id); w.Write('\n');
        w.Write("# text = "); w.Write(text); w.Write('\n');
        for (int i = 0; i < words.Count; i++)
        {
            var x = words[i];
            w.Write($"{i + 1}\t{x.Form}\t_\t{x.Upos}\t_\t_\t{x.Head}\t{x.Relation}\t_\t_\n");
        }
        w.Write('\n');
    }
}
