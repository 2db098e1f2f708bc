namespace StanceKit.Cli;

/// <summary>
/// Standard input whose reads give up when the token is cancelled. A read of a pipe or terminal blocks in the kernel
/// and does not see a cancellation token, so Ctrl-C while the producer is idle would hang; here each read runs in the
/// background and the caller waits for it or for the token, whichever comes first (the abandoned read ends with the
/// process).
/// </summary>
internal sealed class CancellableReadStream(Stream inner, CancellationToken cancellationToken) : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var read = Task.Run(() => inner.Read(buffer, offset, count), CancellationToken.None);
        try
        {
            read.Wait(cancellationToken);
        }
        catch (AggregateException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
        }
        return read.Result;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
