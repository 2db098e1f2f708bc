// semantic-eval: do MiniLM sentence embeddings improve the default stance model? (docs/semantic-experiment.md)
//
//   dotnet run --project experiments/StanceKit.SemanticEval -c Release -- [options]
//
// Compares, with the default model's featurizer and trainer (read from models/default/card.json), by the same grouped
// (leave-actor-out) and random 5-fold CV as `stancekit train`, and on the test split:
//   (a) hashed features only, (b) MiniLM embeddings only, (c) hashed + α·embeddings,
//   (d) hashed + α·embeddings of the sentence with its target named ("Target: China. ..."), (b') those embeddings alone.
// α is chosen per arm by grouped CV among --alphas; the test split is never used for a choice. Prints macro-F1 and per-class F1
// for each arm, then the embedding cost per sentence on this machine (--cost-only: just that). Embeddings are cached in
// --cache (default obj/semantic-embeddings, git-ignored), keyed by the texts; run from the repository root.
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using StanceKit;
using StanceKit.ML;
using StanceKit.SemanticEval;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
// word-clusters: the word-cluster resource models/clusters/clusters.bin (WordClusterBuilder; models/clusters/card.md).
if (args.Length > 0 && args[0] == "word-clusters") return WordClusterBuilder.Run(args[1..]);
// speaker-dump: the speaker finder's decisions per sentence (SpeakerDump).
if (args.Length > 0 && args[0] == "speaker-dump") return SpeakerDump.Run(args[1..]);
// token-head: a head over MiniLM's per-token states (TokenHeadCommand).
if (args.Length > 0 && args[0] == "token-head") return TokenHeadCommand.Run(args[1..]);
string data = "data/stance", testPath = "data/stance/test", card = "models/default/card.json", cache = "obj/semantic-embeddings";
float[] alphas = [0.125f, 0.25f, 0.5f, 1f, 2f, 4f];
int folds = 5, costSample = 256;
bool targetAware = true, costOnly = false;
for (int a = 0; a < args.Length; a++)
{
    string Next() => a + 1 < args.Length ? args[++a] : throw new ArgumentException($"{args[a]} needs a value.");
    switch (args[a])
    {
        case "semantic-eval": break;
        case "--data": data = Next(); break;
        case "--test": testPath = Next(); break;
        case "--card": card = Next(); break;
        case "--cache": cache = Next(); break;
        case "--alphas": alphas = Next().Split(',').Select(s => float.Parse(s, CultureInfo.InvariantCulture)).ToArray(); break;
        case "--folds": folds = int.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--cost-sample": costSample = int.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--no-target-aware": targetAware = false; break;
        case "--cost-only": costOnly = true; break;
        case "-h" or "--help":
            Console.WriteLine("semantic-eval [--data data/stance] [--test data/stance/test] [--card models/default/card.json] [--cache obj/semantic-embeddings] [--alphas 0.125,0.25,0.5,1,2,4] [--folds 5] [--cost-sample 256] [--no-target-aware] [--cost-only]");
            return 0;
        default: Console.Error.WriteLine($"unknown argument {args[a]} (try --help)"); return 2;
    }
}

var log = Console.Out;
var total = Stopwatch.StartNew();

// The default model's configuration: the grid entry whose trainer and featurizer the card names.
using var cardJson = JsonDocument.Parse(File.ReadAllText(card));
string cardTrainer = cardJson.RootElement.GetProperty("trainer").GetString()!, cardFeaturizer = cardJson.RootElement.GetProperty("featurizer").GetString()!;
var config = StanceTraining.DefaultGrid.First(c => c.Trainer.ToString() == cardTrainer && c.Recipe.ToString() == cardFeaturizer);
log.WriteLine($"default model configuration: {config.Name}: {config.Trainer}; {config.Recipe}");
log.WriteLine($"grouped-CV macro-F1 in the card: {cardJson.RootElement.GetProperty("groupedCvMacroF1").GetDouble():F4}, random-CV {cardJson.RootElement.GetProperty("randomCvMacroF1").GetDouble():F4}, test (gold target) {cardJson.RootElement.GetProperty("testMacroF1").GetDouble():F4}");

// The same corpus and splits as StanceTraining.Run: training corpus = data minus the test split's ids; train/dev by story group.
var all = StanceCorpus.Load(data);
var test = StanceCorpus.Load(Path.GetFullPath(testPath));
var testIds = new HashSet<string>(test.Select(t => t.Id), StringComparer.Ordinal);
var corpus = all.Where(r => !testIds.Contains(r.Id)).ToList();
var records = corpus.Concat(test).ToList();
var corpusIdx = Enumerable.Range(0, corpus.Count).ToList();
var trainIdx = corpusIdx.Where(i => StanceCorpus.GroupUnit(records[i].Group, 0xDE7) >= 0.15).ToList();
var testIdx = Enumerable.Range(corpus.Count, test.Count).ToList();
log.WriteLine($"corpus {corpus.Count} sentences ({trainIdx.Count} in the train split), test {test.Count}; data sha256 {StanceCorpus.Hash(data)}");

if (costOnly)
{
    MeasureCost();
    return 0;
}

var plain = Embeddings.Get(records.Select(r => r.Text).ToList(), cache, "plain", log);
var marked = targetAware ? Embeddings.Get(records.Select(r => $"Target: {r.Target}. {r.Text}").ToList(), cache, "target", log) : null;
var features = new FeatureSet(records, config.Recipe);

var results = new List<(string Arm, float? Alpha, StanceEvaluation Grouped, StanceEvaluation Random, StanceEvaluation TestTrain, StanceEvaluation TestAll)>();
var alphaLog = new List<string>();

void RunArm(string name, bool hashed, float[][]? emb)
{
    var sw = Stopwatch.StartNew();
    Arm arm;
    StanceEvaluation grouped;
    if (emb is null)
    {
        arm = new Arm(name, hashed, null, 0);
        grouped = features.CrossValidate(arm, corpusIdx, r => StanceTraining.GroupedFold(r, folds), folds, config.Trainer);
    }
    else
    {
        // α by grouped CV only.
        var byAlpha = alphas.Select(alpha =>
        {
            var candidate = new Arm(name, hashed, emb, alpha);
            var e = features.CrossValidate(candidate, corpusIdx, r => StanceTraining.GroupedFold(r, folds), folds, config.Trainer);
            alphaLog.Add($"  {name,-28} α={alpha,-4} grouped-CV macro-F1 {e.MacroF1:F4}");
            log.WriteLine(alphaLog[^1]);
            return (candidate, e);
        }).ToList();
        (arm, grouped) = byAlpha.OrderByDescending(x => x.e.MacroF1).First();
    }
    var random = features.CrossValidate(arm, corpusIdx, r => StanceTraining.RandomFold(r, folds), folds, config.Trainer);
    var testTrain = features.TrainTest(arm, trainIdx, testIdx, config.Trainer);
    var testAll = features.TrainTest(arm, corpusIdx, testIdx, config.Trainer);
    results.Add((name, emb is null ? null : arm.Alpha, grouped, random, testTrain, testAll));
    log.WriteLine($"{name}{(emb is null ? "" : $" (α={arm.Alpha})")}: grouped-CV {grouped.MacroF1:F4}, random-CV {random.MacroF1:F4}, test {testTrain.MacroF1:F4} (train split) / {testAll.MacroF1:F4} (all training data)  [{sw.Elapsed.TotalSeconds:F0} s]");
}

RunArm("(a) hashed", true, null);
RunArm("(b) embeddings", false, plain);
RunArm("(c) hashed + embeddings", true, plain);
if (marked is not null)
{
    RunArm("(b') target-marked embeddings", false, marked);
    RunArm("(d) hashed + target-marked", true, marked);
}

log.WriteLine();
log.WriteLine("## Macro-F1 (per-class F1: neutral / state-framing / critical)");
log.WriteLine();
log.WriteLine("| arm | α | grouped CV | random CV | test, trained on train split | test, trained on all training data |");
log.WriteLine("|---|---|---|---|---|---|");
static string Cell(StanceEvaluation e) => $"{e.MacroF1:F4} ({e.F1(Stance.Neutral):F3} / {e.F1(Stance.StateFraming):F3} / {e.F1(Stance.Critical):F3})";
foreach (var r in results)
    log.WriteLine($"| {r.Arm} | {(r.Alpha is { } al ? al.ToString(CultureInfo.InvariantCulture) : "–")} | {Cell(r.Grouped)} | {Cell(r.Random)} | {Cell(r.TestTrain)} | {Cell(r.TestAll)} |");
var baseline = results[0].Grouped.MacroF1;
log.WriteLine();
foreach (var r in results.Skip(1))
    log.WriteLine($"{r.Arm}: grouped-CV macro-F1 {100 * (r.Grouped.MacroF1 - baseline):+0.00;-0.00} points vs (a)");
log.WriteLine();
log.WriteLine("## α by grouped CV");
foreach (var line in alphaLog) log.WriteLine(line);
log.WriteLine();
log.WriteLine("## Reports");
foreach (var r in results)
{
    log.WriteLine($"### {r.Arm}{(r.Alpha is { } al ? $" (α={al.ToString(CultureInfo.InvariantCulture)})" : "")}: grouped CV");
    log.Write(r.Grouped.ToReport());
    log.WriteLine($"### {r.Arm}: test split, trained on all training data (gold target)");
    log.Write(r.TestAll.ToReport());
}
log.WriteLine();
MeasureCost();
log.WriteLine($"total {total.Elapsed.TotalMinutes:F1} min");
return 0;

void MeasureCost()
{
    log.WriteLine("## Cost");
    var testTexts = test.Select(r => r.Text).ToList();
    Embeddings.MeasureCost(testTexts, costSample, log);
    // For scale: the hashed classifier alone on the same sentences (default model, one thread).
    var clf = StanceClassifier.Default;
    Span<float> probs = stackalloc float[3];
    var sample = test.Take(costSample).ToList();
    foreach (var r in sample) clf.Score(r.Text, probs, r.Target);
    var swc = Stopwatch.StartNew();
    for (int rep = 0; rep < 10; rep++)
        foreach (var r in sample) clf.Score(r.Text, probs, r.Target);
    log.WriteLine($"  for scale, the default hashed classifier: {swc.Elapsed.TotalMilliseconds * 1000 / (10.0 * sample.Count):F1} µs/sentence (one thread)");
}
