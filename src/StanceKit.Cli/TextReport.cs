using System.Globalization;
using System.Text;

namespace StanceKit.Cli;

/// <summary>The human-readable table of <c>stancekit analyze</c>; ANSI colours only on a terminal.</summary>
internal static class TextReport
{
    private const string Reset = "\u001b[0m";
    private const string Dim = "\u001b[2m";
    private const string Bold = "\u001b[1m";

    private static string Colour(Stance s) => s switch
    {
        Stance.StateFraming => "\u001b[34m", // blue
        Stance.Critical => "\u001b[31m",     // red
        _ => "\u001b[37m",                   // grey
    };

    public static void Write(Stream output, IReadOnlyList<(string Name, StanceDocument Doc)> docs, bool colour)
    {
        using var w = new StreamWriter(output, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
        int width = 100;
        if (colour) { try { width = Math.Clamp(Console.WindowWidth, 60, 200); } catch (IOException) { } }
        foreach (var (name, d) in docs) WriteDocument(w, name, d, colour, width);
        w.Flush();
    }

    private static void WriteDocument(StreamWriter w, string name, StanceDocument d, bool colour, int width)
    {
        var ci = CultureInfo.InvariantCulture;
        string B(string s) => colour ? Bold + s + Reset : s;
        string D(string s) => colour ? Dim + s + Reset : s;
        w.WriteLine(B(name == "-" ? "standard input" : name));
        w.WriteLine($"target: {d.Target ?? "(none found)"}{(d.TargetInferred ? " (inferred)" : d.Target is null ? "" : " (given)")}   model: {d.ModelName} v{d.ModelVersion}   sentences: {d.Sentences.Count}");
        w.WriteLine();
        const int textCol = 42;
        w.WriteLine(B("   #  stance          p(state)  p(crit)  p(neut)  sentence"));
        int textWidth = Math.Max(30, width - textCol);
        foreach (var s in d.Sentences)
        {
            var label = s.Stance.ToWireName().PadRight(14);
            if (colour) label = Colour(s.Stance) + label + Reset;
            var lines = Wrap(Clean(s.Text), textWidth);
            w.WriteLine(string.Create(ci, $"{s.Index + 1,4}  {label}  {s.Scores.StateFraming,8:F2} {s.Scores.Critical,8:F2} {s.Scores.Neutral,8:F2}  {lines[0]}"));
            for (int k = 1; k < lines.Count; k++) w.WriteLine(new string(' ', textCol) + lines[k]);
            if (s.Entities.Count > 0)
            {
                var ents = string.Join(" · ", s.Entities.Select(e =>
                {
                    var surface = Clean(d.Text.Substring(e.Span.Start, e.Span.Length));
                    var tag = $"{e.Type.ToWireName()} {surface}";
                    return e.Canonical != surface ? $"{tag} → {e.Canonical}" : tag;
                }));
                foreach (var line in Wrap("entities: " + ents, textWidth)) w.WriteLine(new string(' ', textCol) + D(line));
            }
        }
        w.WriteLine();
        var sum = d.Summary;
        w.WriteLine(B("summary"));
        foreach (var st in StanceNames.All)
            w.WriteLine(string.Create(ci, $"  {st.ToWireName(),-14} {sum.Count(st),5}  {sum.Share(st),6:P0}"));
        if (sum.ByActor.Count > 0)
        {
            w.WriteLine();
            w.WriteLine(B("  actor                              sentences  state-framing  critical  neutral"));
            foreach (var e in sum.ByActor.Take(15))
                w.WriteLine(string.Create(ci, $"  {Truncate(e.Actor, 34),-34} {e.Sentences,9}  {e.StateFraming,13}  {e.Critical,8}  {e.Neutral,7}"));
        }
        w.WriteLine();
    }

    // Control characters would move the terminal cursor or inject escape sequences: show them as spaces.
    private static string Clean(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (char c in s) sb.Append(char.IsControl(c) ? ' ' : c);
        return sb.ToString();
    }

    private static string Truncate(string s, int n) => s.Length <= n ? s : s[..(n - 1)] + "…";

    private static List<string> Wrap(string text, int width)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                lines.Add(line.ToString());
                line.Clear();
            }
            if (line.Length > 0) line.Append(' ');
            line.Append(word);
        }
        if (line.Length > 0 || lines.Count == 0) lines.Add(line.ToString());
        return lines;
    }
}
