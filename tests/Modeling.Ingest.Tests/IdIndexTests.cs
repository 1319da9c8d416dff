using System.Text;
using Modeling.Ingest.Files;

namespace Modeling.Ingest.Tests;

public class IdIndexTests
{
    [Fact]
    public void Agrees_with_a_dictionary_through_many_growths()
    {
        // 300,000 ids, a fifth of them repeats, in a shuffled order: the index must report exactly the repeats, with
        // the line and ordinal of the first use, as a plain Dictionary of the id strings does.
        var rng = new Random(11);
        var ids = Enumerable.Range(0, 240_000).Select(i => $"pr-{i % 4000}-{i / 4000}").ToList();
        ids.AddRange(Enumerable.Range(0, 60_000).Select(_ => ids[rng.Next(240_000)]));
        ids = [.. ids.OrderBy(_ => rng.Next())];

        var index = new IdIndex();
        var expected = new Dictionary<string, (long Line, int Ordinal)>();
        for (var line = 0; line < ids.Count; line++)
        {
            var bytes = Encoding.UTF8.GetBytes(ids[line]);
            var added = index.TryAdd(bytes, line + 2, out var firstLine, out var ordinal);
            if (expected.TryGetValue(ids[line], out var first))
            {
                Assert.False(added);
                Assert.Equal(first, (firstLine, ordinal));
            }
            else
            {
                Assert.True(added);
                Assert.Equal(((long)line + 2, expected.Count), (firstLine, ordinal));
                expected[ids[line]] = (line + 2, expected.Count);
            }
        }
        Assert.Equal(expected.Count, index.Count);
        foreach (var (id, (_, ordinal)) in expected.Take(1000)) Assert.Equal(ordinal, index.Find(Encoding.UTF8.GetBytes(id)));
        Assert.Null(index.Find("pr-never"u8));
        Assert.Null(index.Find(""u8));
    }
}
