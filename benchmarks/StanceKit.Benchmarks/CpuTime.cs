using System.Diagnostics;

namespace StanceKit.Benchmarks;

/// <summary>
/// The timing of the CPU-time harnesses (<c>scoring-speed</c>, <c>entity-speed</c>, <c>parser-speed</c>): this
/// process's CPU time, not wall time, because the machine is shared.
/// </summary>
internal static class CpuTime
{
    /// <summary>
    /// Runs <paramref name="pass"/> at least <paramref name="warmUpPasses"/> times and for at least
    /// <paramref name="warmUpMilliseconds"/> (tiered JIT promotes hot methods to optimised code only after a delay), then
    /// <paramref name="passes"/> times, and returns the fastest pass's CPU seconds.
    /// </summary>
    public static double BestOf(int passes, Action pass, int warmUpPasses = 3, int warmUpMilliseconds = 1500)
    {
        var warm = Stopwatch.StartNew();
        for (int w = 0; w < warmUpPasses || warm.ElapsedMilliseconds < warmUpMilliseconds; w++) pass();
        double best = double.MaxValue;
        for (int p = 0; p < passes; p++)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            pass();
            best = Math.Min(best, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
        }
        return best;
    }
}
