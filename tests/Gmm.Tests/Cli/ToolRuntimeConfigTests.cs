using System.Text.Json;
using Xunit;

namespace Gmm.Tests.Cli;

/// <summary>
/// The tool's runtime settings (src/Gmm.Cli/Gmm.Cli.csproj) as the build writes them into Gmm.Cli.runtimeconfig.json,
/// which the test output carries beside the tool's assembly: the tiering settings the benchmarks chose.
/// </summary>
public sealed class ToolRuntimeConfigTests
{
    private static JsonElement ConfigProperties()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Gmm.Cli.runtimeconfig.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").Clone();
    }

    /// <summary>Tier-1 recompilation after 1000 calls, not the runtime's 30 (docs/benchmarks.md, "The tool's runtimeconfig knobs").</summary>
    [Fact]
    public void MethodsAreRecompiledAtTierOneAfterAThousandCalls() =>
        Assert.Equal(1000, ConfigProperties().GetProperty("System.Runtime.TieredCompilation.CallCountThreshold").GetInt32());

    /// <summary>No profile-guided re-compilation: the hot loops are compiled optimised on their first call.</summary>
    [Fact]
    public void ProfileGuidedRecompilationIsOff() =>
        Assert.False(ConfigProperties().GetProperty("System.Runtime.TieredPGO").GetBoolean());
}
