namespace Gmm.Cpu;

/// <summary>Diagonal covariances' layout: second-order sums per component and feature (k×d).</summary>
internal readonly struct PerFeatureVariances : IVarianceLayout
{
    public static bool Spherical => false;
}
