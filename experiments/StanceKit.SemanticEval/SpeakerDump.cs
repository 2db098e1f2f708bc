// speaker-dump: the speaker finder's decisions for every sentence of a JSON Lines file (text, target, id), one JSON object a
// line: every speech event (verb, speaker words, speaker class, act, clause level, passive), the sentence's main-clause
// decision (the first event of a main-level clause, else the narrator) and the target's role in the main clauses. For reading
// errors and for scoring the finder against a gold structure file; nothing here is used by the library.
//
//   dotnet run --project experiments/StanceKit.SemanticEval -c Release -- speaker-dump --model M.skm IN.jsonl [--out OUT.jsonl]
//       [--speaker-v2|--no-speaker-v2]   (the model's recipe with FeatureRecipe.SpeakerV2 switched on or off)
//       [--weights]   (instead: the model's weights (neutral, state-framing, critical) of every speaker, who-whom and
//                      target-role feature the input fires, with how often it fires; to see whether the model uses them)
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace StanceKit.SemanticEval;

internal static partial class SpeakerDump
{
    [GeneratedRegex(@"\[\[([^|\]]+)\|[A-Z]+\]\]")]
    private static partial Regex EntityMarkup();

    public static int Run(string[] args)
    {
        string? model = null, input = null, output = null;
        bool? speakerV2 = null;
        bool weights = false;
        for (int a = 0; a < args.Length; a++)
        {
            switch (args[a])
            {
                case "--model": model = args[++a]; break;
                case "--out": output = args[++a]; break;
                case "--speaker-v2": speakerV2 = true; break;
                case "--no-speaker-v2": speakerV2 = false; break;
                case "--weights": weights = true; break;
                default: input = args[a]; break;
            }
        }
        if (model is null || input is null)
        {
            Console.Error.WriteLine("speaker-dump --model M.skm IN.jsonl [--out OUT.jsonl]");
            return 2;
        }
        var loaded = StanceModel.Load(model);
        if (weights) return Weights(loaded, input);
        var recipe = loaded.Recipe;
        if (speakerV2 is bool v2) recipe = recipe with { SpeakerV2 = v2 };
        var featurizer = new StanceFeaturizer(recipe, Gazetteer.Default);
        var scratch = StanceFeaturizer.GetScratch();
        using var writer = output is null ? Console.Out : new StreamWriter(output);
        foreach (var line in File.ReadLines(input))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            var rec = JsonNode.Parse(line)!.AsObject();
            string text = EntityMarkup().Replace(rec["text"]!.GetValue<string>(), "$1");
            string? target = rec["target"]?.GetValue<string>();
            featurizer.Featurize(text, target, scratch, out var used);
            var sp = scratch.Speakers;
            string UnitText(int from, int to)
            {
                if (to <= from) return "";
                var t0 = scratch.Tokens[scratch.UnitToken[from]];
                int endTok = to < UnitCountOf(scratch, text.Length) ? scratch.UnitToken[to] : -1;
                int end = endTok >= 0 ? scratch.Tokens[endTok].Start : text.Length;
                return text[t0.Start..end].Trim();
            }
            var events = new JsonArray();
            JsonObject? main = null;
            for (int e = 0; e < sp.EventCount; e++)
            {
                int v = sp.EventVerb[e];
                int level = sp.SegLevel[sp.UnitSeg[v]];
                var ev = new JsonObject
                {
                    ["verb"] = UnitText(v, v + 1),
                    ["speaker"] = UnitText(sp.EventSpeakerStart[e], sp.EventSpeakerEnd[e]),
                    ["class"] = SpeakerFinder.Name(sp.EventClass[e]),
                    ["act"] = sp.EventAct[e].ToString().ToLowerInvariant(),
                    ["level"] = level == 0 ? "main" : "sub",
                    ["passive"] = sp.EventPassive[e],
                    ["object"] = SpeakerFinder.Name(sp.EventObject[e]),
                };
                events.Add(ev);
                if (main is null && level == 0) main = (JsonObject)ev.DeepClone();
            }
            int role = 0;
            for (int s = 0; s < sp.SegCount; s++) if (sp.SegLevel[s] == 0) role |= sp.SegRole[s];
            var outRec = new JsonObject
            {
                ["id"] = rec["id"]?.DeepClone(),
                ["target"] = used,
                ["main_class"] = main?["class"]?.GetValue<string>() ?? "none",
                ["main_act"] = main?["act"]?.GetValue<string>() ?? "none",
                ["main_speaker"] = main?["speaker"]?.GetValue<string>() ?? "",
                ["target_role"] = role switch { 0 => "none", 1 => "agent", 2 => "object", _ => "agent+object" },
                ["dateline"] = sp.HasDateline ? SpeakerFinder.Name(sp.DatelineClass) : null,
                ["events"] = events,
            };
            writer.WriteLine(outRec.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        }
        return 0;
    }

    private static int Weights(StanceModel model, string input)
    {
        var featurizer = new StanceFeaturizer(model.Recipe, Gazetteer.Default);
        var scratch = StanceFeaturizer.GetScratch();
        var seen = new Dictionary<string, (int Bucket, int Count)>();
        var trace = new List<(int Bucket, string Feature)>();
        foreach (var line in File.ReadLines(input))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            var rec = JsonNode.Parse(line)!.AsObject();
            string text = EntityMarkup().Replace(rec["text"]!.GetValue<string>(), "$1");
            trace.Clear();
            featurizer.Featurize(text, rec["target"]?.GetValue<string>(), scratch, out _, trace);
            foreach (var (bucket, feature) in trace)
            {
                if (!(feature.StartsWith("spk=", StringComparison.Ordinal) || feature.StartsWith("who=", StringComparison.Ordinal) || feature.StartsWith("tgt=", StringComparison.Ordinal))) continue;
                seen[feature] = (bucket, seen.TryGetValue(feature, out var old) ? old.Count + 1 : 1);
            }
        }
        var w = model.Weights;
        foreach (var (feature, (bucket, count)) in seen.OrderByDescending(kv => kv.Value.Count))
            Console.WriteLine($"{count,5}  ne {w[bucket * 3],6:F2}  sf {w[bucket * 3 + 1],6:F2}  cr {w[bucket * 3 + 2],6:F2}  {feature}");
        return 0;
    }

    // The featurizer does not expose its unit count; the result's segment map covers the units, so count up to the last token.
    private static int UnitCountOf(StanceFeaturizer.Scratch scratch, int textLength)
    {
        _ = textLength;
        return scratch.LastUnitCount;
    }
}
