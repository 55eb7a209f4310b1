using Gmm.Gpu;
using Xunit;

namespace Gmm.Tests.Gpu;

/// <summary>The driver names ILGPU imports map to the versioned libraries a runtime-only install provides.</summary>
public class DriverLibraryResolverTests
{
    [Theory]
    [InlineData("cuda", "libcuda.so.1")]
    [InlineData("libcuda.so", "libcuda.so.1")]
    [InlineData("OpenCL", "libOpenCL.so.1")]
    [InlineData("libOpenCL.so", "libOpenCL.so.1")]
    [InlineData("cublas", null)]
    [InlineData("libc", null)]
    public void MapsOnlyTheDriverLibraries(string imported, string? expected) =>
        Assert.Equal(expected, DriverLibraryResolver.VersionedName(imported));
}
