namespace StanceKit.Tests.Support;

/// <summary>
/// Cancels its token after a delay from a dedicated thread. A timed <see cref="CancellationTokenSource"/> fires on
/// the thread pool, which the fixtures running in parallel can keep busy past the end of the work under test.
/// </summary>
internal sealed class CancelFromOwnThread : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly Thread _thread;

    public CancelFromOwnThread(TimeSpan delay)
    {
        _thread = new Thread(() => { Thread.Sleep(delay); _source.Cancel(); }) { IsBackground = true, Name = "test canceller" };
        _thread.Start();
    }

    public CancellationToken Token => _source.Token;

    public void Dispose()
    {
        _thread.Join();
        _source.Dispose();
    }
}
