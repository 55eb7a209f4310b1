// Occupancy figures used to size grids to one wave.
using System.Numerics;
using ILGPU;
using ILGPU.Runtime;

namespace Gmm.Gpu.Kernels;

/// <summary>Resident groups per multiprocessor of the kernels whose grids are sized to one wave.</summary>
internal readonly record struct Occupancy(int DiagonalLogSumExp, int DiagonalStatistics, int FullLogSumExp, int FullStatistics);
