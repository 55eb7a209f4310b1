namespace Gmm;

/// <summary>The query outputs of one chunk of points (<see cref="BackendQueries.Evaluate{T}"/>), in source order.</summary>
/// <param name="Start">Index of the chunk's first point in its source.</param>
/// <param name="Count">Points n in the chunk.</param>
/// <param name="LogDensities">log p(x) per point (n, nats).</param>
/// <param name="Labels">The most probable component per point (n), when asked for.</param>
/// <param name="Probabilities">Posterior probabilities (n×k, row-major), when asked for.</param>
public sealed record QueryChunk(long Start, int Count, double[] LogDensities, int[]? Labels, double[]? Probabilities);
