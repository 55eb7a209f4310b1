// float64 kernel operations.
namespace Gmm.Gpu.Kernels;

/// <summary>float64 operations.</summary>
internal readonly struct DoubleOps : IRealOps<double>
{
    public double ToDouble(double value) => value;
    public double FromDouble(double value) => value;
    public double Exp(double value) => DoubleMath.Exp(value);
    public double Log(double value) => DoubleMath.Log(value);
    public int CholeskyRows => 8;
    public int BlockedRows => 32;
    public int FullProductRows => 1;
    public int NormBuffers => 1;
}
