namespace Modeling.Analysis;

/// <summary>Independent refits run on all cores; results in job order, so the output does not depend on scheduling.</summary>
internal static class ParallelJobs
{
    public static T[] Run<T>(IReadOnlyList<Func<T>> jobs)
    {
        var results = new T[jobs.Count];
        Parallel.For(0, jobs.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i => results[i] = jobs[i]());
        return results;
    }
}
