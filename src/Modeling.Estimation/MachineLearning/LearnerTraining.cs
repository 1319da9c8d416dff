using Modeling.Estimation.Regression;

namespace Modeling.Estimation.MachineLearning;

/// <summary>
/// The boundary to ML.NET's trainers: they signal training data they cannot use (no rows, a constant label, a feature
/// they reject) with InvalidOperationException or ArgumentOutOfRangeException; here that becomes the estimators' one
/// exception for data they cannot estimate from, so callers catch only <see cref="EstimationException"/>.
/// </summary>
internal static class LearnerTraining
{
    public static T Run<T>(string learner, Func<T> train)
    {
        try
        {
            return train();
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentOutOfRangeException)
        {
            throw new EstimationException($"The {learner} learner could not be trained on this data: {e.Message.Split('\n')[0].Trim()}");
        }
    }
}
