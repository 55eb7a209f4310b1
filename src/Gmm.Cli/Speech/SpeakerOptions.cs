using System.CommandLine;
using Gmm.Cli.Infrastructure;

namespace Gmm.Cli.Speech;

/// <summary>The options the speaker commands share with fit: --device, --precision, --quiet, --dims.</summary>
internal sealed class SpeakerOptions
{
    public Option<string> Device { get; } = new("--device") { Description = "auto = CUDA when present, else the CPU backend", DefaultValueFactory = _ => "auto" };
    public Option<string> Precision { get; } = new("--precision") { Description = "E-step precision (statistics are always accumulated in float64)", DefaultValueFactory = _ => "single" };
    public Option<bool> Quiet { get; } = new("--quiet", "-q") { Description = "No progress or summary (warnings still go to stderr)" };
    public Option<int?> Dims { get; } = new("--dims") { Description = "Features per row of raw little-endian float32 inputs", HelpName = "D" };

    public SpeakerOptions()
    {
        Device.AcceptOnlyFromAmong(BackendFactory.Devices);
        Precision.AcceptOnlyFromAmong("single", "double");
        FitSettings.AtLeast(Dims, 1);
    }

    public void AddTo(Command command, bool dims = true)
    {
        command.Add(Device);
        command.Add(Precision);
        command.Add(Quiet);
        if (dims) command.Add(Dims);
    }

    public ComputePrecision ComputePrecision(ParseResult parsed) =>
        parsed.GetValue(Precision) == "double" ? Gmm.ComputePrecision.Double : Gmm.ComputePrecision.Single;

    /// <summary>Prints the warnings (at most 10, then how many more) on stderr.</summary>
    public static void Warn(CliContext context, IReadOnlyCollection<FitWarning> warnings)
    {
        foreach (var warning in warnings.Take(10)) context.Warn(warning.Message);
        if (warnings.Count > 10) context.Warn($"... and {warnings.Count - 10} more warnings.");
    }
}
