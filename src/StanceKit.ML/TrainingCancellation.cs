using Microsoft.ML;
using Microsoft.ML.Data;

namespace StanceKit.ML;

/// <summary>
/// Cancellation of ML.NET fits. ML.NET 5 has no public way to cancel a running trainer (<c>MLContext.CancelExecution</c>
/// is internal, and it leaves the context unusable for good), but every trainer we use reads its data through cursors
/// once per pass or iteration. So the data is wrapped in a view whose cursors check the token on every row: a cancelled
/// fit stops within one row read and the context stays usable. ML.NET wraps what a cursor throws (for example in an
/// <see cref="InvalidOperationException"/> from its parallel splitter), so <see cref="Run{T}"/> turns whatever a
/// cancelled fit throws back into an <see cref="OperationCanceledException"/> carrying the token.
/// </summary>
internal static class TrainingCancellation
{
    /// <summary>Runs <paramref name="work"/>; if it fails once the token is cancelled, throws <see cref="OperationCanceledException"/> for that token.</summary>
    public static T Run<T>(Func<T> work, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            return work();
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested && !(e is OperationCanceledException oce && oce.CancellationToken == cancellationToken))
        {
            throw new OperationCanceledException("Training was cancelled.", e, cancellationToken);
        }
    }

    /// <summary>The view itself for a token that cannot be cancelled; otherwise a view whose cursors check the token on every row.</summary>
    public static IDataView Watch(IDataView data, CancellationToken cancellationToken) =>
        cancellationToken.CanBeCanceled ? new CancellableDataView(data, cancellationToken) : data;

    /// <summary>Passes everything through (schema, shuffling, row order) and checks the token before each row.</summary>
    private sealed class CancellableDataView(IDataView inner, CancellationToken cancellationToken) : IDataView
    {
        public bool CanShuffle => inner.CanShuffle;

        public DataViewSchema Schema => inner.Schema;

        public long? GetRowCount() => inner.GetRowCount();

        public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return new Cursor(inner.GetRowCursor(columnsNeeded, rand), cancellationToken);
        }

        public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return Array.ConvertAll(inner.GetRowCursorSet(columnsNeeded, n, rand), c => (DataViewRowCursor)new Cursor(c, cancellationToken));
        }

        private sealed class Cursor(DataViewRowCursor inner, CancellationToken cancellationToken) : DataViewRowCursor
        {
            public override DataViewSchema Schema => inner.Schema;

            public override long Position => inner.Position;

            public override long Batch => inner.Batch;

            public override ValueGetter<DataViewRowId> GetIdGetter() => inner.GetIdGetter();

            public override bool IsColumnActive(DataViewSchema.Column column) => inner.IsColumnActive(column);

            public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => inner.GetGetter<TValue>(column);

            public override bool MoveNext()
            {
                cancellationToken.ThrowIfCancellationRequested();
                return inner.MoveNext();
            }

            protected override void Dispose(bool disposing)
            {
                if (disposing) inner.Dispose();
                base.Dispose(disposing);
            }
        }
    }
}
