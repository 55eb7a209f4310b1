using System.Text.RegularExpressions;
using Xunit;

namespace Gmm.Tests.Gpu;

/// <summary>
/// Host memory a device copy reads or writes must stay where it is until the copy completes. ILGPU's
/// CopyToCPU/CopyFromCPU(ref T, length) overloads take a raw address without pinning; the span and array overloads pin.
/// CUDA's copies from pageable memory happen to finish before they return, but an OpenCL runtime may copy later (PoCL
/// does: the GC had moved the array by then and the test host crashed in the GC). Only page-locked memory may be passed
/// by reference, to the UnsafeAsync overloads of the streaming upload.
/// </summary>
public partial class HostCopyTests
{
    [Fact]
    public void GpuCodeCopiesOnlyFromPinnedHostMemory()
    {
        string root = Support.RepositoryPaths.Root;
        var offending = new List<string>();
        int unsafeAsync = 0;
        foreach (string file in Directory.EnumerateFiles(Path.Combine(root, "src", "Gmm.Gpu"), "*.cs", SearchOption.AllDirectories))
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)) continue;
            string[] lines = File.ReadAllLines(file);
            for (int i = 0; i < lines.Length; i++)
            {
                if (UnpinnedCopy().IsMatch(lines[i])) offending.Add($"{Path.GetFileName(file)}:{i + 1}: {lines[i].Trim()}");
                if (lines[i].Contains("UnsafeAsync(", StringComparison.Ordinal))
                {
                    unsafeAsync++;
                    if (!PageLocked().IsMatch(lines[i])) offending.Add($"{Path.GetFileName(file)}:{i + 1} (not page-locked): {lines[i].Trim()}");
                }
            }
        }
        Assert.True(offending.Count == 0, "host copies from unpinned references:\n" + string.Join("\n", offending));
        Assert.True(unsafeAsync >= 2, "the streaming upload's page-locked copies are found (the scan reads the sources)");
    }

    // CopyToCPU(ref …), CopyFromCPU(stream, ref …): ILGPU's synchronous overloads that take an unpinned reference.
    [GeneratedRegex(@"Copy(?:To|From)CPU\((?:[^()]*,\s*)?ref\s")]
    private static partial Regex UnpinnedCopy();

    // The streaming upload passes elements of page-locked spans (PinnedValues / PinnedWeights) by reference.
    [GeneratedRegex(@"UnsafeAsync\(Stream!?, ref (?:pinned|weights)\[0\]")]
    private static partial Regex PageLocked();
}
