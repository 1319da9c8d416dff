using Modeling.Ingest.Csv;
using Modeling.Ingest.Diagnostics;

namespace Modeling.Ingest.Files;

/// <summary>A record with what <see cref="TableReader{TRow}.Check"/> found: the checked values and the row's diagnostics so far.</summary>
internal sealed class CheckedRecord<TRow> where TRow : struct
{
    public RawRecord Record { get; } = new();
    public List<Diagnostic> Diagnostics { get; } = [];
    public TRow Row;
}

/// <summary>Checked records in file order, each valid until the next call.</summary>
internal interface ICheckedRecords<TRow> : IDisposable where TRow : struct
{
    bool TryNext(out CheckedRecord<TRow> record);
}

/// <summary>
/// Where a file's records come from: read and checked one after the other on the caller's thread
/// (<see cref="Sequential"/>), or cut into chunks checked on several threads (<see cref="ParallelCsv"/>). Either way the
/// caller receives them in file order with their physical lines, so what it accepts, logs and rejects is the same.
/// </summary>
internal abstract class RecordFeed
{
    /// <summary>Starts reading; <paramref name="check"/> runs once per record, on a reading thread with its own checker.</summary>
    public abstract ICheckedRecords<TRow> Open<TRow>(RowChecker checker, Action<RowChecker, CheckedRecord<TRow>> check) where TRow : struct;

    public static RecordFeed Sequential(IRecordSource source) => new SequentialFeed(source);

    /// <param name="path">The CSV file.</param>
    /// <param name="dataStart">Byte position after the header.</param>
    /// <param name="firstLine">Physical line at that position.</param>
    /// <param name="threads">Reading threads.</param>
    public static RecordFeed ParallelCsv(string path, long dataStart, long firstLine, int threads) =>
        new ParallelCsvFeed(path, dataStart, firstLine, threads);

    private sealed class SequentialFeed(IRecordSource source) : RecordFeed
    {
        public override ICheckedRecords<TRow> Open<TRow>(RowChecker checker, Action<RowChecker, CheckedRecord<TRow>> check) =>
            new Records<TRow>(source, checker.ForAnotherThread(), check);

        private sealed class Records<TRow>(IRecordSource source, RowChecker checker, Action<RowChecker, CheckedRecord<TRow>> check)
            : ICheckedRecords<TRow> where TRow : struct
        {
            private readonly CheckedRecord<TRow> _record = new();

            public bool TryNext(out CheckedRecord<TRow> record)
            {
                record = _record;
                if (!source.Read(_record.Record)) return false;
                check(checker, _record);
                return true;
            }

            public void Dispose() { }
        }
    }

    private sealed class ParallelCsvFeed(string path, long dataStart, long firstLine, int threads) : RecordFeed
    {
        public override ICheckedRecords<TRow> Open<TRow>(RowChecker checker, Action<RowChecker, CheckedRecord<TRow>> check)
        {
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
            stream.Seek(dataStart, SeekOrigin.Begin);
            return new ParallelRecords<TRow>(new CsvChunker(stream), firstLine, threads, checker, check);
        }
    }
}

/// <summary>
/// Chunks of a CSV file parsed and checked by <c>threads</c> worker threads and handed out in file order. Chunks are
/// recycled (a fixed number in flight bounds memory); lines are counted per chunk and made absolute as chunks are
/// handed out. An exception on a worker reaches the caller after the records before it.
/// </summary>
internal sealed class ParallelRecords<TRow> : ICheckedRecords<TRow> where TRow : struct
{
    private readonly CsvChunker _chunker;
    private readonly Action<RowChecker, CheckedRecord<TRow>> _check;
    private readonly System.Collections.Concurrent.BlockingCollection<Chunk> _free = new();
    private readonly Dictionary<long, Chunk> _done = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread[] _workers;
    private long _nextToCut;   // guarded by _chunker
    private bool _allCut;      // guarded by _chunker
    private long _nextToHand;
    private Chunk? _current;
    private int _next;
    private long _lineOffset;

    public ParallelRecords(CsvChunker chunker, long firstLine, int threads, RowChecker checker, Action<RowChecker, CheckedRecord<TRow>> check)
    {
        _chunker = chunker;
        _check = check;
        _lineOffset = firstLine - 1;
        threads = Math.Max(1, threads);
        for (var i = 0; i < threads * 4; i++) _free.Add(new Chunk());
        _workers = new Thread[threads];
        for (var i = 0; i < threads; i++)
        {
            var workerChecker = checker.ForAnotherThread();
            _workers[i] = new Thread(() => Work(workerChecker)) { IsBackground = true, Name = "csv-check-" + i };
            _workers[i].Start();
        }
    }

    public bool TryNext(out CheckedRecord<TRow> record)
    {
        while (_current is null || _next == _current.Count)
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
            if (chunk.Last) { record = null!; return false; }
            chunk.LineOffset = _lineOffset;
            _lineOffset += chunk.Lines;
            _current = chunk;
            _next = 0;
        }
        record = _current.Records[_next++];
        // Lines were counted from the chunk's start: make them the file's.
        record.Record.Line += _current.LineOffset;
        for (var i = 0; i < record.Diagnostics.Count; i++)
            record.Diagnostics[i] = record.Diagnostics[i] with { Line = record.Diagnostics[i].Line + _current.LineOffset };
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
                lock (_done)
                {
                    _done[sequence] = chunk;
                    Monitor.PulseAll(_done);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The caller stopped early: nothing more to read.
        }
    }

    private void Parse(Chunk chunk, CsvRecordReader reader, RowChecker checker)
    {
        try
        {
            reader.Reset(chunk.Data, chunk.Length);
            while (true)
            {
                if (chunk.Count == chunk.Records.Count) chunk.Records.Add(new CheckedRecord<TRow>());
                var record = chunk.Records[chunk.Count];
                if (!reader.Read(record.Record)) break;
                _check(checker, record);
                chunk.Count++;
            }
            chunk.Lines = reader.NextLine - 1;
        }
        catch (Exception e)
        {
            chunk.Failure = e;
        }
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
        public readonly List<CheckedRecord<TRow>> Records = [];
        public int Count;
        public long Lines;
        public long LineOffset;
        public bool Last;
        public Exception? Failure;

        public void Reset()
        {
            Length = 0;
            Count = 0;
            Lines = 0;
            Last = false;
            Failure = null;
        }
    }
}
