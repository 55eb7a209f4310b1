using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Gmm.Bench.Speech;

/// <summary>Seconds of audio processed per second of one core: the audio's duration over the mean time of one call.</summary>
public sealed class RealTimeFactorColumn(double audioSeconds) : IColumn
{
    /// <inheritdoc />
    public string Id => nameof(RealTimeFactorColumn);
    /// <inheritdoc />
    public string ColumnName => "x real time";
    /// <inheritdoc />
    public bool AlwaysShow => true;
    /// <inheritdoc />
    public ColumnCategory Category => ColumnCategory.Custom;
    /// <inheritdoc />
    public int PriorityInCategory => 0;
    /// <inheritdoc />
    public bool IsNumeric => true;
    /// <inheritdoc />
    public UnitType UnitType => UnitType.Dimensionless;
    /// <inheritdoc />
    public string Legend => $"{audioSeconds} s of audio / mean time of one call (single thread)";
    /// <inheritdoc />
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    /// <inheritdoc />
    public bool IsAvailable(Summary summary) => true;
    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);
    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var statistics = summary[benchmarkCase]?.ResultStatistics;
        return statistics is null ? "NA" : (audioSeconds / (statistics.Mean * 1e-9)).ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
    }
}
