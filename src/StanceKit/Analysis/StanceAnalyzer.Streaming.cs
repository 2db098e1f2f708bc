using System.Runtime.CompilerServices;

namespace StanceKit;

public sealed partial class StanceAnalyzer
{
    /// <summary>The default size, in UTF-16 code units, of the windows <see cref="AnalyzeStream"/> extracts and links entities in.</summary>
    public const int DefaultStreamWindow = 1 << 16;

    /// <summary>
    /// Analyses the text read from <paramref name="reader"/> with bounded memory, lazily: a window's sentences are yielded as
    /// soon as the window is scored, and only about one window of text (plus the segmenter's buffer) is held at a time, however long
    /// the text is. Offsets are from the start of the reader's text.
    /// </summary>
    /// <remarks>
    /// <para>Sentences come from <see cref="SentenceSegmenter.Segment(TextReader)"/> and are exactly those of
    /// <see cref="SentenceSegmenter.Segment(string)"/> over the whole text. Sentences are grouped into windows of about
    /// <paramref name="window"/> code units (ending at a sentence end); entities are extracted and linked within a
    /// window, so a bare surname links to a full name only in the same window.</para>
    /// <para>With no target (and no <see cref="DefaultTarget"/>), each window's sentences are scored relative to the
    /// target inferred from all entities seen so far, the current window included (the same rule as
    /// <see cref="InferTarget"/>): a text that fits in one window gets exactly the target, sentences, scores and
    /// entities <see cref="Analyze(string, string?, CancellationToken)"/> gives; a longer one may change its target
    /// from one window to the next as evidence accumulates. <see cref="StanceSentence.Target"/> says which was used.</para>
    /// <para>The document prior (<see cref="StanceAnalyzerOptions.DocumentPrior"/>) reads the sentences of one window, so
    /// a window's sentences are all scored before its first is yielded.</para>
    /// <para>The token is checked before each window's entity extraction and before every sentence. The reader is read
    /// to its end (as the result is enumerated) but not disposed.</para>
    /// </remarks>
    /// <param name="reader">The text.</param>
    /// <param name="target">Target name or alias; null for <see cref="DefaultTarget"/>, or the inferred target.</param>
    /// <param name="window">Window size in UTF-16 code units (at least 1024); null for <see cref="StanceAnalyzerOptions.StreamWindow"/>.</param>
    /// <param name="cancellationToken">Stops the enumeration with <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="reader"/> is null.</exception>
    public IEnumerable<StanceSentence> AnalyzeStream(TextReader reader, string? target = null, int? window = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        int size = window ?? Options.StreamWindow;
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1024, nameof(window));
        return AnalyzeStreamCore(reader, Scorer.ResolveTarget(target ?? DefaultTarget), size, cancellationToken);
    }

    private IEnumerable<StanceSentence> AnalyzeStreamCore(TextReader reader, string? resolved, int window, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var recorder = new RecordingReader(reader);
        var pending = new List<TextSpan>();
        var tally = resolved is null ? new TargetTally() : null;
        int windowStart = 0;
        int index = 0;
        foreach (var span in Segmenter.Segment(recorder))
        {
            cancellationToken.ThrowIfCancellationRequested();
            pending.Add(span);
            if (span.End - windowStart < window) continue;
            foreach (var s in Flush()) yield return s;
        }
        foreach (var s in Flush()) yield return s;

        IEnumerable<StanceSentence> Flush()
        {
            if (pending.Count == 0) yield break;
            cancellationToken.ThrowIfCancellationRequested();
            int end = pending[^1].End;
            string text = recorder.Text(windowStart, end - windowStart);
            // Disposed when the window is done, or when the caller stops enumerating (the iterator's finally).
            using var scorer = DocumentScorer.Extract(Scorer, Extractor, text, windowStart, documentContext: true, Options.CarrySpeakers, cancellationToken);
            string? target = resolved;
            if (tally is not null)
            {
                tally.Add(scorer.Mentions);
                target = tally.Target;
            }
            // The window's sentences are all scored before the first is yielded: the document prior reads the window.
            var scored = scorer.ScoreAll(pending, target, Options.DocumentPrior, cancellationToken);
            for (int i = 0; i < pending.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var span = pending[i];
                var sentence = text.Substring(span.Start - windowStart, span.Length);
                yield return new StanceSentence(sentence, index++, span, new StancePrediction(scored.Stances[i], scored.Scores(i), target), resolved is null && target is not null, scored.Mentions[i]);
            }
            pending.Clear();
            recorder.Discard(end);
            windowStart = end;
        }
    }

    /// <summary>Keeps the characters read through it from a given offset on, so the text of a span just segmented can be cut out.</summary>
    private sealed class RecordingReader(TextReader inner) : TextReader
    {
        private char[] _buffer = new char[1 << 14];
        private int _length;      // recorded characters in _buffer
        private long _bufferStart; // offset of _buffer[0] in the text

        public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

        public override int Read(Span<char> buffer)
        {
            int n = inner.Read(buffer);
            if (n > 0) Record(buffer[..n]);
            return n;
        }

        public override int Read()
        {
            int c = inner.Read();
            if (c >= 0) Record([(char)c]);
            return c;
        }

        public override int Peek() => inner.Peek();

        private void Record(ReadOnlySpan<char> chars)
        {
            if (_length + chars.Length > _buffer.Length) Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + chars.Length));
            chars.CopyTo(_buffer.AsSpan(_length));
            _length += chars.Length;
        }

        public string Text(long start, int length) => new(_buffer, checked((int)(start - _bufferStart)), length);

        /// <summary>Forgets the characters before <paramref name="offset"/>.</summary>
        public void Discard(long offset)
        {
            int drop = checked((int)(offset - _bufferStart));
            Array.Copy(_buffer, drop, _buffer, 0, _length - drop);
            _length -= drop;
            _bufferStart = offset;
            // Give back memory a long sentence window made us take.
            if (_buffer.Length > 1 << 20 && _length < _buffer.Length / 4) Array.Resize(ref _buffer, Math.Max(1 << 14, _length * 2));
        }
    }
}
