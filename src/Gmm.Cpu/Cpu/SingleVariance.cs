namespace Gmm.Cpu;

/// <summary>Spherical covariances' layout: one second-order sum per component, over every feature (k).</summary>
internal readonly struct SingleVariance : IVarianceLayout
{
    public static bool Spherical => true;
}
