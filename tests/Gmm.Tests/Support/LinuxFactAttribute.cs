using Xunit;

namespace Gmm.Tests.Support;

/// <summary>A fact that needs Linux (symbolic and hard links, FIFOs, POSIX signals, statx); reported as skipped elsewhere.</summary>
public sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux()) Skip = "needs Linux (links, FIFOs, POSIX signals or statx)";
    }
}
