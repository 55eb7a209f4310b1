using System.Numerics;
using System.Reflection;
using Gmm.Cpu;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Cpu;

/// <summary>
/// The host code every CPU EM iteration runs that has no ReadyToRun code (generic over the compute type) is compiled
/// fully optimised from its first call: no tier-0 code in the iterations, and nothing of it left for the tiered JIT to
/// recompile beside the lanes (docs/architecture.md, "The EM iteration's host code: compiled once, before the iterations").
/// </summary>
public class IterationHostCodeTests
{
    private const int N = 600, D = 7, K = 20;

    [Theory]
    [MemberData(nameof(TestData.TypesAndComputePrecisions), MemberType = typeof(TestData))]
    public void ThePerIterationHostCodeIsFullyOptimisedFromItsFirstCall(CovarianceType type, ComputePrecision precision)
    {
        if (precision == ComputePrecision.Single) Check<float>(type);
        else Check<double>(type);
    }

    private static void Check<T>(CovarianceType type) where T : unmanaged, IFloatingPointIeee754<T>
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        using var backend = (CpuEmBackend<T>)new CpuBackendProvider(threads: 2, _ => { }).Create<T>();
        backend.Ready(TestData.StartingModel(type, TestData.Blobs(N, D, 4, seed: 3), D, K));
        var backendType = typeof(CpuEmBackend<T>);
        var laneClosures = backendType.GetNestedTypes(BindingFlags.NonPublic)
            .SelectMany(nested => nested.MakeGenericType(typeof(T)).GetMethods(all))
            .Where(method => method.Name.StartsWith("<Accumulate>", StringComparison.Ordinal))
            .ToList();
        Assert.Single(laneClosures);
        var methods = new List<MethodInfo>
        {
            backendType.GetMethod(nameof(CpuEmBackend<T>.Accumulate), all)!,
            backendType.GetMethod("AddInto", all)!,
            laneClosures[0],
            typeof(SufficientStatistics).GetMethod(nameof(SufficientStatistics.For))!.MakeGenericMethod(typeof(T)),
            typeof(CpuKernel<T>).GetMethod(nameof(CpuKernel<T>.Load), all)!,
            backend.KernelType!.GetMethod("LoadParameters", BindingFlags.NonPublic | BindingFlags.Instance)!,
            typeof(CpuLane<T>).GetMethod(nameof(CpuLane<T>.Clear), all)!,
            typeof(EmRun<T, GaussianMixtureModel>).GetMethod(nameof(EmRun<T, GaussianMixtureModel>.Step), all)!,
            typeof(EmRun<T, BayesianGaussianMixtureModel>).GetMethod(nameof(EmRun<T, BayesianGaussianMixtureModel>.Step), all)!,
        };
        Assert.All(methods, method =>
        {
            Assert.NotNull(method);
            Assert.True((method.MethodImplementationFlags & MethodImplAttributes.AggressiveOptimization) != 0,
                $"{method.DeclaringType}.{method.Name} is not [AggressiveOptimization]");
        });
        Assert.False(backend.KernelType!.GetMethod("LoadParameters", BindingFlags.NonPublic | BindingFlags.Instance)!.IsAbstract);
    }
}
