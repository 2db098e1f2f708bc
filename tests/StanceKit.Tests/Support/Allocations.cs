namespace StanceKit.Tests.Support;

/// <summary>
/// Measures what a piece of work allocates on the calling thread once it is warm.
/// </summary>
/// <remarks>
/// <see cref="GC.GetAllocatedBytesForCurrentThread"/> can bill a one-off runtime allocation to the measuring thread
/// (a tier-1 or on-stack-replacement transition that lands inside the window; more likely when the fixtures run in
/// parallel on a loaded machine). Such an event is time based, so no warm-up count rules it out. A real per-call
/// allocation, though, dirties every window. So the work is measured in up to <c>windows</c> consecutive windows and
/// the first clean one counts: a genuine allocation still fails, a one-off does not, and a retry is written to the
/// test output so that a lazy allocation that shows up routinely stays visible.
/// </remarks>
internal static class Allocations
{
    /// <summary>
    /// Runs <paramref name="window"/> up to <paramref name="windows"/> times and returns the bytes the first window
    /// that allocated nothing allocated (0), or the smallest count seen when none was clean.
    /// </summary>
    public static long InSteadyState(Action window, int windows = 3)
    {
        long smallest = long.MaxValue;
        for (int attempt = 1; attempt <= windows; attempt++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            window();
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (allocated == 0)
            {
                if (attempt > 1) TestContext.Out.WriteLine($"window {attempt} was clean; the earlier ones allocated (at least {smallest} bytes): a one-off runtime allocation");
                return 0;
            }
            smallest = Math.Min(smallest, allocated);
        }
        return smallest;
    }
}
