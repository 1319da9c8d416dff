namespace Modeling.Panel;

/// <summary>An outcome of the panel has no usable team-period (every value missing or excluded): nothing to estimate from.</summary>
public sealed class NoObservationsException(string message) : Exception(message);
