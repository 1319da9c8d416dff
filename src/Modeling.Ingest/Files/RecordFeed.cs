using Modeling.Ingest.Csv;
using Modeling.Ingest.Diagnostics;

namespace Modeling.Ingest.Files;

/// <summary>
/// Consecutive records of a file with what <see cref="TableReader{TRow}.Check"/> found, held column by column: the
/// accepting thread walks <see cref="Rows"/> and <see cref="Lines"/> in order and touches a record's raw text only when a
/// rule needs it, so records checked on other cores cost it little memory traffic.
/// </summary>
internal sealed class CheckedBatch<TRow> where TRow : struct
{
    public RawRecord[] Records = [];
    public TRow[] Rows = [];
    public long[] Lines = [];
    public List<Diagnostic>?[] Diagnostics = []; // null = none; lines counted from the batch's start
    public int Count;
    public long LineOffset; // add to Lines and to the diagnostics' lines for the file's lines

    /// <summary>Makes room for one more record; returns its index.</summary>
    public int Grow()
    {
        if (Count == Records.Length)
        {
            var size = Math.Max(1024, Records.Length * 2);
            var old = Records.Length;
            Array.Resize(ref Records, size);
            Array.Resize(ref Rows, size);
            Array.Resize(ref Lines, size);
            Array.Resize(ref Diagnostics, size);
            for (var i = old; i < size; i++) Records[i] = new RawRecord();
        }
        return Count;
    }

    /// <summary>The file line of record <paramref name="index"/> (once the batch's line offset is known).</summary>
    public long LineOf(int index) => Lines[index] + LineOffset;

    /// <summary>Whether Check found an error in record <paramref name="index"/> (it will be rejected).</summary>
    public bool HasErrors(int index) => Diagnostics[index] is { } found && found.Exists(d => d.Severity == Severity.Error);

    /// <summary>Stores what the checker found for record <paramref name="index"/>.</summary>
    public void Store(int index, RowChecker checker, TRow row)
    {
        Rows[index] = row;
        Lines[index] = Records[index].Line;
        Diagnostics[index] = checker.TakeDiagnostics();
        Count = index + 1;
    }
}

/// <summary>Batches of checked records in file order, each valid until the next call.</summary>
internal interface ICheckedBatches<TRow> : IDisposable where TRow : struct
{
    bool TryNext(out CheckedBatch<TRow> batch);

    /// <summary>Physical lines of the file read so far, the header included (all of them once <see cref="TryNext"/> returned false).</summary>
    long LinesRead { get; }
}

/// <summary>
/// Where a file's records come from: read and checked one after the other on the caller's thread
/// (<see cref="Sequential"/>), or cut into chunks checked on several threads (<see cref="ParallelCsv"/>). Either way the
/// caller receives them in file order with their physical lines, so what it accepts, logs and rejects is the same.
/// </summary>
internal abstract class RecordFeed
{
    /// <summary>
    /// Starts reading: <paramref name="check"/> runs once per record, on a reading thread with its own checker; then
    /// <paramref name="inOrder"/> runs once per batch, batches in file order (one at a time, on any thread), with the
    /// batch's <see cref="CheckedBatch{TRow}.LineOffset"/> known.
    /// </summary>
    public abstract ICheckedBatches<TRow> Open<TRow>(RowChecker checker, Func<RowChecker, RawRecord, TRow> check,
        Action<CheckedBatch<TRow>> inOrder) where TRow : struct;

    public static RecordFeed Sequential(IRecordSource source) => new SequentialFeed(source);

    /// <param name="path">The CSV file.</param>
    /// <param name="dataStart">Byte position after the header.</param>
    /// <param name="firstLine">Physical line at that position.</param>
    /// <param name="threads">Reading threads.</param>
    /// <param name="chunkSize">Bytes per chunk (tests make them small).</param>
    public static RecordFeed ParallelCsv(string path, long dataStart, long firstLine, int threads, int chunkSize) =>
        new ParallelCsvFeed(path, dataStart, firstLine, threads, chunkSize);

    private sealed class SequentialFeed(IRecordSource source) : RecordFeed
    {
        private const int BatchSize = 1024;

        public override ICheckedBatches<TRow> Open<TRow>(RowChecker checker, Func<RowChecker, RawRecord, TRow> check,
            Action<CheckedBatch<TRow>> inOrder) =>
            new Batches<TRow>(source, checker.ForAnotherThread(), check, inOrder);

        private sealed class Batches<TRow>(IRecordSource source, RowChecker checker, Func<RowChecker, RawRecord, TRow> check,
            Action<CheckedBatch<TRow>> inOrder) : ICheckedBatches<TRow> where TRow : struct
        {
            private readonly CheckedBatch<TRow> _batch = new();

            public bool TryNext(out CheckedBatch<TRow> batch)
            {
                batch = _batch;
                _batch.Count = 0;
                while (_batch.Count < BatchSize)
                {
                    var i = _batch.Grow();
                    if (!source.Read(_batch.Records[i])) break;
                    _batch.Store(i, checker, check(checker, _batch.Records[i]));
                }
                if (_batch.Count == 0) return false;
                inOrder(_batch);
                return true;
            }

            public long LinesRead => source.LinesRead;

            public void Dispose() { }
        }
    }

    private sealed class ParallelCsvFeed(string path, long dataStart, long firstLine, int threads, int chunkSize) : RecordFeed
    {
        public override ICheckedBatches<TRow> Open<TRow>(RowChecker checker, Func<RowChecker, RawRecord, TRow> check,
            Action<CheckedBatch<TRow>> inOrder)
        {
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
            stream.Seek(dataStart, SeekOrigin.Begin);
            return new ParallelBatches<TRow>(new CsvChunker(stream, chunkSize), firstLine, threads, checker, check, inOrder);
        }
    }
}

/// <summary>
/// Chunks of a CSV file parsed and checked by <c>threads</c> worker threads and handed out in file order. Chunks are
/// recycled (a fixed number in flight bounds memory). Once parsed, each chunk goes through the in-order step, chunks
/// strictly in file order, run by whichever worker finds the next chunk ready (no worker waits for its turn): there its
/// lines are made absolute. An exception on a worker reaches the caller after the records before it.
/// </summary>
internal sealed class ParallelBatches<TRow> : ICheckedBatches<TRow> where TRow : struct
{
    private readonly CsvChunker _chunker;
    private readonly Func<RowChecker, RawRecord, TRow> _check;
    private readonly Action<CheckedBatch<TRow>> _inOrder;
    private readonly System.Collections.Concurrent.BlockingCollection<Chunk> _free = new();
    private readonly Dictionary<long, Chunk> _done = [];   // chunks through the in-order step; the lock of the next three too
    private readonly Dictionary<long, Chunk> _parsed = []; // chunks waiting for their in-order step
    private long _nextInOrder;
    private bool _ordering;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread[] _workers;
    private long _nextToCut;   // guarded by _chunker
    private bool _allCut;      // guarded by _chunker
    private long _nextToHand;
    private Chunk? _current;
    private long _lineOffset;
    private bool _endsWithoutLineBreak;

    public ParallelBatches(CsvChunker chunker, long firstLine, int threads, RowChecker checker, Func<RowChecker, RawRecord, TRow> check,
        Action<CheckedBatch<TRow>> inOrder)
    {
        _chunker = chunker;
        _check = check;
        _inOrder = inOrder;
        _lineOffset = firstLine - 1;
        threads = Math.Max(1, threads);
        // Enough chunks that workers rarely wait for the accepting thread to give one back.
        for (var i = 0; i < threads * 4; i++) _free.Add(new Chunk());
        _workers = new Thread[threads];
        for (var i = 0; i < threads; i++)
        {
            var workerChecker = checker.ForAnotherThread();
            _workers[i] = new Thread(() => Work(workerChecker)) { IsBackground = true, Name = "csv-check-" + i };
            _workers[i].Start();
        }
    }

    public bool TryNext(out CheckedBatch<TRow> batch)
    {
        if (_current is not null)
        {
            _free.Add(_current);
            _current = null;
        }
        Chunk chunk;
        lock (_done)
        {
            while (!_done.Remove(_nextToHand, out chunk!)) Monitor.Wait(_done);
        }
        _nextToHand++;
        if (chunk.Failure is { } failure) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        batch = chunk.Batch;
        if (chunk.Last) return false;
        _current = chunk;
        return true;
    }

    private void Work(RowChecker checker)
    {
        var reader = CsvRecordReader.ForChunks();
        try
        {
            while (true)
            {
                var chunk = _free.Take(_stop.Token);
                long sequence;
                lock (_chunker)
                {
                    if (_allCut) { _free.Add(chunk); return; }
                    sequence = _nextToCut++;
                    try
                    {
                        chunk.Reset();
                        chunk.Length = _chunker.Next(ref chunk.Data);
                        if (chunk.Length == 0) chunk.Last = _allCut = true;
                    }
                    catch (Exception e)
                    {
                        chunk.Failure = e;
                        _allCut = true;
                    }
                }
                if (!chunk.Last && chunk.Failure is null) Parse(chunk, reader, checker);
                lock (_done) _parsed[sequence] = chunk;
                RunInOrderSteps();
            }
        }
        catch (OperationCanceledException)
        {
            // The caller stopped early: nothing more to read.
        }
    }

    /// <summary>Runs the in-order step of every parsed chunk whose turn has come, unless another worker is doing so.</summary>
    private void RunInOrderSteps()
    {
        while (true)
        {
            Chunk chunk;
            lock (_done)
            {
                if (_ordering || !_parsed.Remove(_nextInOrder, out chunk!)) return;
                _ordering = true;
            }
            if (!chunk.Last && chunk.Failure is null)
            {
                chunk.Batch.LineOffset = _lineOffset;
                _lineOffset += chunk.Lines;
                _endsWithoutLineBreak = chunk.EndsWithoutLineBreak;
                try
                {
                    _inOrder(chunk.Batch);
                }
                catch (Exception e)
                {
                    chunk.Failure = e;
                }
            }
            lock (_done)
            {
                _ordering = false;
                _done[_nextInOrder++] = chunk;
                Monitor.PulseAll(_done);
            }
        }
    }

    private void Parse(Chunk chunk, CsvRecordReader reader, RowChecker checker)
    {
        try
        {
            reader.Reset(chunk.Data, chunk.Length);
            var batch = chunk.Batch;
            while (true)
            {
                var i = batch.Grow();
                if (!reader.Read(batch.Records[i])) break;
                batch.Store(i, checker, _check(checker, batch.Records[i]));
            }
            chunk.Lines = reader.NextLine - 1;
            chunk.EndsWithoutLineBreak = reader.EndsWithoutLineBreak;
        }
        catch (Exception e)
        {
            chunk.Failure = e;
        }
    }

    /// <summary>Lines before the first chunk plus the lines of every chunk through the in-order step (read once all are).</summary>
    public long LinesRead
    {
        get { lock (_done) return _lineOffset + (_endsWithoutLineBreak ? 1 : 0); }
    }

    public void Dispose()
    {
        _stop.Cancel();
        foreach (var worker in _workers) worker.Join();
        _chunker.Dispose();
        _stop.Dispose();
        _free.Dispose();
    }

    private sealed class Chunk
    {
        public byte[] Data = [];
        public int Length;
        public readonly CheckedBatch<TRow> Batch = new();
        public long Lines;
        public bool EndsWithoutLineBreak;
        public bool Last;
        public Exception? Failure;

        public void Reset()
        {
            Length = 0;
            Batch.Count = 0;
            Lines = 0;
            EndsWithoutLineBreak = false;
            Last = false;
            Failure = null;
        }
    }
}
