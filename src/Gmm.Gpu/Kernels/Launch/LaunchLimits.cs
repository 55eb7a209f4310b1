// What a launch must respect of the device: its multiprocessors (grids are one wave of resident groups) and its grid extent.
namespace Gmm.Gpu.Kernels;

/// <summary>The device limits a chunk's launches are planned against.</summary>
/// <param name="Multiprocessors">Multiprocessors of the device (at least 1): a grid is at most one wave of resident groups.</param>
/// <param name="MaxGroupsY">The largest y extent of one launch; more groups along y go to further launches.</param>
internal readonly record struct LaunchLimits(int Multiprocessors, int MaxGroupsY);
