using System.Diagnostics;
using System.Globalization;

namespace StanceKit.Cli;

/// <summary>
/// A progress bar with rate and ETA on standard error, drawn only when standard error is a terminal
/// (and TERM is not "dumb"), only once a run has lasted half a second, and at most ten times a second.
/// Silent otherwise, so redirected output and logs stay clean.
/// </summary>
internal sealed class ProgressBar : IDisposable
{
    private static readonly TimeSpan s_delay = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan s_interval = TimeSpan.FromMilliseconds(100);

    private readonly TextWriter? _err;
    private readonly string _unit;
    private readonly long _total;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _lastDraw = TimeSpan.Zero;
    private int _drawnWidth;

    /// <param name="unit">What is counted ("documents").</param>
    /// <param name="total">How many there are, or -1 when unknown (a fraction may still be given to <see cref="Report"/>).</param>
    /// <param name="enabled">Draw at all; null: when standard error is a terminal.</param>
    /// <param name="err">Where to draw; null: standard error.</param>
    public ProgressBar(string unit, long total, bool? enabled = null, TextWriter? err = null)
    {
        _unit = unit;
        _total = total;
        bool on = enabled ?? (!Console.IsErrorRedirected && Environment.GetEnvironmentVariable("TERM") != "dumb");
        _err = on ? err ?? Console.Error : null;
    }

    /// <summary>Reports <paramref name="done"/> units, and the fraction of the work done when the total is not a unit count.</summary>
    public void Report(long done, double? fraction = null)
    {
        if (_err is null) return;
        var now = _clock.Elapsed;
        if (now < s_delay || now - _lastDraw < s_interval) return;
        _lastDraw = now;
        Draw(done, fraction, now);
    }

    internal void Draw(long done, double? fraction, TimeSpan elapsed)
    {
        if (_err is null) return;
        double? f = _total > 0 ? (double)done / _total : fraction;
        if (f is { } x) f = Math.Clamp(x, 0, 1);
        var line = Format(done, _total, f, elapsed, _unit);
        int width = 100;
        try { if (Console.WindowWidth > 20) width = Console.WindowWidth - 1; } catch (IOException) { } catch (PlatformNotSupportedException) { }
        if (line.Length > width) line = line[..width];
        int pad = Math.Max(0, _drawnWidth - line.Length);
        try { _err.Write("\r" + line + new string(' ', pad)); _err.Flush(); } catch (IOException) { }
        _drawnWidth = line.Length;
    }

    /// <summary>The progress line: bar and percentage when the fraction is known, count, rate, and ETA or elapsed time.</summary>
    internal static string Format(long done, long total, double? fraction, TimeSpan elapsed, string unit)
    {
        var ci = CultureInfo.InvariantCulture;
        double seconds = Math.Max(elapsed.TotalSeconds, 1e-3);
        double rate = done / seconds;
        string count = total > 0 ? string.Create(ci, $"{done:N0}/{total:N0} {unit}") : string.Create(ci, $"{done:N0} {unit}");
        if (fraction is { } f)
        {
            const int bar = 24;
            int filled = (int)Math.Round(f * bar);
            string eta = f > 0 ? Clock(TimeSpan.FromSeconds(seconds * (1 - f) / f)) : "--:--";
            return string.Create(ci, $"[{new string('#', filled)}{new string('-', bar - filled)}] {f * 100,3:0}% {count}  {rate:N1}/s  ETA {eta}");
        }
        return string.Create(ci, $"{count}  {rate:N1}/s  {Clock(elapsed)} elapsed");
    }

    private static string Clock(TimeSpan t) => t.TotalHours >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours}:{t.Minutes:00}:{t.Seconds:00}")
        : string.Create(CultureInfo.InvariantCulture, $"{t.Minutes}:{t.Seconds:00}");

    /// <summary>Erases the bar, leaving the terminal line clean.</summary>
    public void Dispose()
    {
        if (_err is null || _drawnWidth == 0) return;
        try { _err.Write("\r" + new string(' ', _drawnWidth) + "\r"); _err.Flush(); } catch (IOException) { }
        _drawnWidth = 0;
    }
}
