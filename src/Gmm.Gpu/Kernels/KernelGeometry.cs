// The shapes the kernels and their launches share: group sizes, tiles and feature blocks, in one place. Paddings that
// only keep one kernel's shared-memory accesses free of bank conflicts stay with that kernel's layout.
namespace Gmm.Gpu.Kernels;

/// <summary>Group, tile and block sizes of the device kernels, and the padded lengths they imply.</summary>
internal static class KernelGeometry
{
    /// <summary>Threads per group of the E-step, statistics and nearest-centre kernels.</summary>
    public const int GroupSize = 256;

    /// <summary>Points per tile: a group owns 64 points at a time.</summary>
    public const int TilePoints = 64;

    /// <summary>
    /// Components per tile of the diagonal family, and centres per tile of the nearest-centre search: their
    /// feature-major parameter arrays have rows of k padded to a multiple of it (<see cref="PaddedComponents"/>).
    /// </summary>
    public const int TileComponents = 64;

    /// <summary>
    /// Features per block: the full-family kernels hold d ≤ 64 features in one shared-memory tile; beyond that the
    /// blocked kernels cut them into blocks of 64, and the Cholesky factors are padded to a multiple of 64 (<see cref="CholeskyStride"/>).
    /// </summary>
    public const int BlockFeatures = 64;

    /// <summary>Features whose F and S one group of the diagonal statistics pass accumulates (four moment passes).</summary>
    public const int FeatureGroup = 64;

    /// <summary>Features one moment pass of the diagonal statistics stages: a thread per (feature, quad of components).</summary>
    public const int MomentFeatures = 16;

    /// <summary>Features the diagonal E-step product stages in shared memory per step.</summary>
    public const int StagedFeatures = 8;

    /// <summary>Features the nearest-centre kernel stages in shared memory per step.</summary>
    public const int CenterSlab = 32;

    /// <summary>Point tiles a statistics group sums in registers before one float64 atomic flush.</summary>
    public const int FlushTiles = 16;

    /// <summary>Point tiles whose responsibilities the blocked statistics pass holds in shared memory before it flushes.</summary>
    public const int BatchTiles = 16;

    /// <summary>Threads per group of the M-step kernels.</summary>
    public const int MStepGroupSize = 128;

    /// <summary>Tiles of <paramref name="size"/> that cover <paramref name="count"/> items: ⌈count / size⌉.</summary>
    public static int Tiles(int count, int size) => (count + size - 1) / size;

    /// <summary>k padded to the component tile: the row length of the diagonal family's d×kp parameter arrays.</summary>
    public static int PaddedComponents(int k) => Tiles(k, TileComponents) * TileComponents;

    /// <summary>Row stride P of a padded Cholesky factor of d features: 64 up to d = 64, then the next multiple of 64.</summary>
    public static int CholeskyStride(int d) => Tiles(Math.Max(d, 1), BlockFeatures) * BlockFeatures;

    /// <summary>True when d features exceed one shared-memory tile, so full and tied run on the blocked kernels.</summary>
    public static bool Blocked(int d) => d > BlockFeatures;
}
