// float32 kernel operations.
using ILGPU.Algorithms;

namespace Gmm.Gpu.Kernels;

/// <summary>float32 operations.</summary>
internal readonly struct SingleOps : IRealOps<float>
{
    public double ToDouble(float value) => value;
    public float FromDouble(double value) => (float)value;
    public float Exp(float value) => XMath.Exp(value);
    public float Log(float value) => XMath.Log(value);
    public int CholeskyRows => 64;
    public int BlockedRows => 64;
    public int FullProductRows => 4;
    public int NormBuffers => 2;
}
