using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;

namespace Gmm.Bench.Em;

/// <summary>Shows the whole case name ("N=1000000 D=39 K=64 Diagonal Cuda") instead of BenchmarkDotNet's 20-character cut.</summary>
public sealed class EmConfig : ManualConfig
{
    /// <summary>The default config with wide parameter columns.</summary>
    public EmConfig()
    {
        SummaryStyle = SummaryStyle.Default.WithMaxParameterColumnWidth(48);
    }
}
