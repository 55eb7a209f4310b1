using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Gmm;

/// <summary>
/// <see cref="DataValidation"/>'s checks, one chunk at a time, so that a pass that also does something else with the
/// points (<see cref="ComputeTypeSource"/>'s conversion into memory) validates in the same pass: the checks of every
/// chunk in order, then <see cref="Finish"/>, give exactly <see cref="DataValidation.Validate{T}"/>'s errors and Σ w.
/// <para>
/// Most chunks are settled by one vectorised pass: every |x| within the smallest limit that applies (finite values
/// only, the float32 range of <see cref="DataValidation.Float32Limit"/>, or k-means' <see cref="DataValidation.KMeansLimit"/>),
/// rounded down to the element type, with NaN failing the comparison. A chunk that fails it is checked again value by
/// value, which finds the first offending value and words its error.
/// </para>
/// </summary>
internal sealed class ChunkValidation
{
    /// <summary>Bytes per chunk of a pass that only reads each point once: small enough that a source which reads a file into a fresh array per chunk stays in the cache and off the large-object heap.</summary>
    private const int ScanBytes = 64 << 10;

    private readonly string _parameterName;
    private readonly int _dimension;
    private readonly bool _inFloat32, _kMeansStart, _allowMissing;
    private readonly double _limit;

    /// <summary>
    /// Starts the checks of <paramref name="count"/> points of <paramref name="dimension"/> values: refuses empty data or a
    /// dimension other than <paramref name="expectedDimension"/> (−1: any). Errors about values name <paramref name="parameterName"/>;
    /// <paramref name="inFloat32"/> and <paramref name="kMeansStart"/> as in <see cref="DataValidation.Validate{T}"/>; with
    /// <paramref name="allowMissing"/> NaN marks a missing value (<see cref="MissingValues.Marginalize"/>): ±∞ and a point
    /// with every value missing are still errors.
    /// </summary>
    public ChunkValidation(long count, int dimension, string parameterName, int expectedDimension, bool inFloat32, bool kMeansStart, bool allowMissing = false)
    {
        if (count < 1) throw new ArgumentException("data is empty: at least one point is needed.", parameterName);
        if (expectedDimension > 0 && dimension != expectedDimension)
            throw new ArgumentException($"data has {dimension} features but the model has {expectedDimension}.", parameterName);
        _parameterName = parameterName;
        _dimension = dimension;
        _inFloat32 = inFloat32;
        _kMeansStart = kMeansStart;
        _allowMissing = allowMissing;
        _limit = inFloat32 ? DataValidation.Float32Limit(dimension) : kMeansStart ? DataValidation.KMeansLimit(dimension) : double.MaxValue;
    }

    /// <summary>Σ w of the chunks checked so far (each weight rounded to float32 first when checking for a float32 fit).</summary>
    public double Total { get; private set; }

    /// <summary>Rows per chunk for a pass over points of <paramref name="dimension"/> values of <paramref name="elementSize"/> bytes that reads each once.</summary>
    public static int ScanRows(int dimension, int elementSize) => Math.Max(1, ScanBytes / (dimension * elementSize));

    /// <summary>Checks one chunk's values and weights, adding its Σ w to <see cref="Total"/>.</summary>
    /// <exception cref="ArgumentException">A non-finite value, a value out of range, or a bad weight (named by its point).</exception>
    public void Check<T>(DataChunk<T> chunk) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var values = chunk.Values.Span;
        if (!AllWithin(values, _limit))
        {
            if (!System.Numerics.Tensors.TensorPrimitives.IsFiniteAll(values) && _allowMissing)
                DataValidation.CheckMissing(values, chunk.Start, _dimension, _parameterName);
            else if (!System.Numerics.Tensors.TensorPrimitives.IsFiniteAll(values))
            {
                int bad = 0;
                while (T.IsFinite(values[bad])) bad++;
                throw new ArgumentException($"data holds a non-finite value ({values[bad]}) at point {chunk.Start + bad / _dimension}, feature {bad % _dimension}.", _parameterName);
            }
            if (_inFloat32 || _kMeansStart) CheckRange(values, chunk.Start);
        }
        if (chunk.Weights.IsEmpty)
        {
            Total += chunk.Count;
            return;
        }
        var weights = chunk.Weights.Span;
        double total = Total;
        for (int i = 0; i < weights.Length; i++)
        {
            if (!T.IsFinite(weights[i]) || weights[i] < T.Zero)
                throw new ArgumentException($"sample weight {weights[i]} at point {chunk.Start + i} must be finite and ≥ 0.", "sampleWeights");
            if (_inFloat32 && !float.IsFinite(float.CreateTruncating(weights[i])))
                throw new ArgumentException($"sample weight {weights[i]} at point {chunk.Start + i} exceeds float32's range (±3.4e38); rescale the weights or fit with Precision = Double.", "sampleWeights");
            total += _inFloat32 ? float.CreateTruncating(weights[i]) : double.CreateTruncating(weights[i]);
        }
        Total = total;
    }

    /// <summary>After the last chunk: refuses a total weight that is not positive; returns Σ w.</summary>
    /// <exception cref="ArgumentException">Every weight is zero.</exception>
    public double Finish()
    {
        DataValidation.CheckWeightTotal(Total, _inFloat32);
        return Total;
    }

    /// <summary>Whether every |x| ≤ <paramref name="limit"/> (NaN never is), with the limit rounded down to T: true proves the values pass the checks.</summary>
    internal static bool AllWithin<T>(ReadOnlySpan<T> values, double limit) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double)) return AllWithinVectorised(MemoryMarshal.Cast<T, double>(values), limit);
        if (typeof(T) != typeof(float)) return false; // no fast path: the value-by-value checks decide
        float rounded = (float)Math.Min(limit, float.MaxValue);
        if (rounded > limit) rounded = MathF.BitDecrement(rounded);
        return AllWithinVectorised(MemoryMarshal.Cast<T, float>(values), rounded);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool AllWithinVectorised<T>(ReadOnlySpan<T> values, T limit) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0, n = values.Length, w = Vector<T>.Count;
        ref T start = ref MemoryMarshal.GetReference(values);
        var bound = new Vector<T>(limit);
        var within = Vector<T>.AllBitsSet;
        for (; i + 4 * w <= n; i += 4 * w)
        {
            var a = Vector.LessThanOrEqual(Vector.Abs(Vector.LoadUnsafe(ref start, (nuint)i)), bound);
            var b = Vector.LessThanOrEqual(Vector.Abs(Vector.LoadUnsafe(ref start, (nuint)(i + w))), bound);
            var c = Vector.LessThanOrEqual(Vector.Abs(Vector.LoadUnsafe(ref start, (nuint)(i + 2 * w))), bound);
            var d = Vector.LessThanOrEqual(Vector.Abs(Vector.LoadUnsafe(ref start, (nuint)(i + 3 * w))), bound);
            within &= (a & b) & (c & d);
        }
        for (; i + w <= n; i += w) within &= Vector.LessThanOrEqual(Vector.Abs(Vector.LoadUnsafe(ref start, (nuint)i)), bound);
        // Compared as bits: the all-ones mask read as float or double is a NaN, which no floating-point comparison equals.
        if (Vector.AsVectorByte(within) != Vector<byte>.AllBitsSet) return false;
        for (; i < n; i++)
            if (!(T.Abs(Unsafe.Add(ref start, i)) <= limit)) return false;
        return true;
    }

    private void CheckRange<T>(ReadOnlySpan<T> values, long start) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int d = _dimension;
        double limit = _limit;
        if (double.CreateTruncating(T.Abs(System.Numerics.Tensors.TensorPrimitives.MaxMagnitude(values))) <= limit) return;
        int i = 0;
        while (i < values.Length && !(double.CreateTruncating(T.Abs(values[i])) > limit)) i++;
        if (i == values.Length) return; // only missing values (NaN) made the largest magnitude NaN
        double magnitude = double.CreateTruncating(T.Abs(values[i]));
        string at = $"data value {values[i]} at point {start + i / d}, feature {i % d}";
        string kMeans = _kMeansStart && magnitude > DataValidation.KMeansLimit(d) ? " and Initialization = KMeansPlusPlus (k-means compares squared distances in float32)" : "";
        throw new ArgumentException(
            !_inFloat32 ? $"{at} is too large for k-means initialisation, which compares squared distances in float32: beyond {limit:G2} (with {d} features) they overflow; start with Initialization = KMeansPlusPlus, or rescale the data."
            : magnitude > float.MaxValue ? $"{at} exceeds float32's range (±3.4e38); fit with Precision = Double{kMeans}, or rescale the data."
            : $"{at} is too large for a float32 fit: beyond {limit:G2} (with {d} features) its squares overflow float32's sums; fit with Precision = Double{kMeans}, or rescale the data.", _parameterName);
    }
}
