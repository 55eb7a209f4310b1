using Gmm.Cpu;

namespace Gmm;

/// <summary>
/// What one thread of a model query (<see cref="GaussianMixtureModel"/>'s per-block evaluation) works with: a one-lane
/// float64 CPU backend, a buffer for float32 points widened to float64 (QueryBlock×d) and one for the block's
/// log-probabilities (QueryBlock×k). Lanes of modest size are kept in a small process-wide pool (at most one per core) and taken by the
/// next query, whatever its model: a query run chunk by chunk (the tool's BIC reads a file in chunks) then takes no
/// fresh memory per chunk and thread (fresh pages cost a short query more than its arithmetic). A lane is used by one
/// thread at a time; its backend reloads the model for every block.
/// </summary>
internal sealed class QueryLane
{
    private static readonly Lock PoolLock = new();
    private static readonly QueryLane?[] Pool = new QueryLane?[Environment.ProcessorCount];
    private static int _pooled;

    private QueryLane() { }

    /// <summary>The one-lane float64 backend that computes a block's log-probabilities.</summary>
    public CpuEmBackend<double> Backend { get; } = new(1);

    /// <summary>Widened float64 points; at least the length asked for in <see cref="Rent"/>.</summary>
    public double[] Values { get; private set; } = [];

    /// <summary>A block's log-probabilities (rows×k, row-major); at least the length asked for in <see cref="Rent"/>.</summary>
    public double[] LogProbabilities { get; private set; } = [];

    /// <summary>A pooled lane (or a new one) whose buffers hold at least <paramref name="values"/> and <paramref name="logProbabilities"/> doubles.</summary>
    public static QueryLane Rent(int values, int logProbabilities)
    {
        QueryLane? lane = null;
        lock (PoolLock)
        {
            if (_pooled > 0)
            {
                lane = Pool[--_pooled];
                Pool[_pooled] = null;
            }
        }
        lane ??= new QueryLane();
        if (lane.Values.Length < values) lane.Values = new double[values];
        if (lane.LogProbabilities.Length < logProbabilities) lane.LogProbabilities = new double[logProbabilities];
        return lane;
    }

    /// <summary>
    /// A lane is kept only while its model (bounded by <c>k·d·(d + 1)</c> values) and buffers hold at most this many
    /// float64 values (4 MiB): the pool must not keep a large model's memory for the rest of the process.
    /// </summary>
    public const long KeptValuesLimit = 1L << 19;

    /// <summary>
    /// Gives <paramref name="lane"/> back for the next query, having evaluated a model of <paramref name="componentCount"/>
    /// components in <paramref name="dimension"/> features; it is dropped beyond one lane per core, or when the model
    /// and the buffers together exceed <see cref="KeptValuesLimit"/>.
    /// </summary>
    public static void Return(QueryLane lane, int componentCount, int dimension)
    {
        long values = (long)componentCount * dimension * (dimension + 1) + lane.Values.Length + lane.LogProbabilities.Length;
        if (values > KeptValuesLimit) return;
        lock (PoolLock)
        {
            if (_pooled < Pool.Length) Pool[_pooled++] = lane;
        }
    }
}
