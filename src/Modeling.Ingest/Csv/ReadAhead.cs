using System.Collections.Concurrent;

namespace Modeling.Ingest.Csv;

/// <summary>
/// Splits records on a second thread while the caller checks the previous ones: a two-stage pipeline over one file.
/// Records arrive in file order, so diagnostics, rejects and engineer keys are exactly those of a sequential read.
/// Batches of records are recycled (no per-row allocation); an exception of the source reaches the caller after the
/// records read before it.
/// </summary>
internal sealed class ReadAhead : IDisposable
{
    private const int BatchSize = 1024;
    private const int Depth = 4;

    private readonly IRecordSource _source;
    private readonly BlockingCollection<Batch> _full = new(Depth);
    private readonly BlockingCollection<Batch> _empty = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread? _producer;
    private Batch? _current;
    private int _next;

    private readonly bool _threaded;
    private readonly RawRecord _single = new();

    public ReadAhead(IRecordSource source, bool threaded = true)
    {
        _source = source;
        _threaded = threaded;
        if (!threaded)
        {
            _producer = null;
            return;
        }
        for (var i = 0; i < Depth + 2; i++) _empty.Add(new Batch());
        _producer = new Thread(Produce) { IsBackground = true, Name = "csv-read-ahead" };
        _producer.Start();
    }

    /// <summary>The next record in file order (valid until the following call), or false at the end.</summary>
    public bool TryNext(out RawRecord record)
    {
        if (!_threaded)
        {
            record = _single;
            return _source.Read(_single);
        }
        while (_current is null || _next == _current.Count)
        {
            if (_current is not null)
            {
                var done = _current;
                _current = null;
                if (done.Failure is { } failure) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
                if (done.Last) { _empty.Add(done); record = null!; return false; }
                _empty.Add(done);
            }
            _current = _full.Take();
            _next = 0;
        }
        record = _current.Records[_next++];
        return true;
    }

    private void Produce()
    {
        try
        {
            while (true)
            {
                var batch = _empty.Take(_stop.Token);
                batch.Count = 0;
                batch.Failure = null;
                batch.Last = false;
                try
                {
                    while (batch.Count < BatchSize && _source.Read(batch.Records[batch.Count])) batch.Count++;
                    batch.Last = batch.Count < BatchSize;
                }
                catch (Exception e)
                {
                    batch.Failure = e;
                    batch.Last = true;
                }
                _full.Add(batch, _stop.Token);
                if (batch.Last) return;
            }
        }
        catch (OperationCanceledException)
        {
            // The consumer stopped early (an error on its side): nothing more to read.
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _producer?.Join();
        _stop.Dispose();
        _full.Dispose();
        _empty.Dispose();
    }

    private sealed class Batch
    {
        public readonly RawRecord[] Records = Enumerable.Range(0, BatchSize).Select(_ => new RawRecord()).ToArray();
        public int Count;
        public bool Last;
        public Exception? Failure;
    }
}
