using System.Numerics;
using System.Reflection;
using Gmm.Cpu;
using Gmm.Tests.Support;
using Xunit;

namespace Gmm.Tests.Cpu;

/// <summary>
/// The kernel warm-up's second thread (<see cref="KernelPrecompilation"/>): it compiles the fit's own kernel's
/// statistics methods, every one of them, and a failure there neither faults nor changes a fit.
/// </summary>
public class KernelPrecompilationTests
{
    private const int N = 600, D = 7, K = 20;

    [Theory]
    [MemberData(nameof(TestData.TypesAndComputePrecisions), MemberType = typeof(TestData))]
    public void TheMethodsAreTheFitsKernelsFullyOptimisedStatisticsMethods(CovarianceType type, ComputePrecision precision)
    {
        if (precision == ComputePrecision.Single) CheckMethods<float>(type);
        else CheckMethods<double>(type);
    }

    [Theory]
    [MemberData(nameof(TestData.TypesAndComputePrecisions), MemberType = typeof(TestData))]
    public async Task EveryMethodIsCompiledWithoutFailure(CovarianceType type, ComputePrecision precision)
    {
        if (precision == ComputePrecision.Single) await CheckCompiled<float>(type);
        else await CheckCompiled<double>(type);
    }

    [Theory]
    [InlineData(CovarianceType.Full, false, true)]
    [InlineData(CovarianceType.Tied, false, true)]
    [InlineData(CovarianceType.Diagonal, false, false)]
    [InlineData(CovarianceType.Spherical, false, false)]
    [InlineData(CovarianceType.Full, true, true)]
    [InlineData(CovarianceType.Tied, true, true)]
    [InlineData(CovarianceType.Diagonal, true, true)]
    [InlineData(CovarianceType.Spherical, true, true)]
    public void FullTiedAndVariationalWarmUpsUseTheSecondThread(CovarianceType type, bool variational, bool expected) =>
        Assert.Equal(expected, CpuKernelWarmUp.PrecompilesStatistics(type, variational));

    [Theory]
    [InlineData(CovarianceType.Diagonal, ComputePrecision.Single)]
    [InlineData(CovarianceType.Spherical, ComputePrecision.Single)]
    [InlineData(CovarianceType.Diagonal, ComputePrecision.Double)]
    [InlineData(CovarianceType.Spherical, ComputePrecision.Double)]
    public void DiagonalAndSphericalListTheirPerRegisterStatisticsLoops(CovarianceType type, ComputePrecision precision)
    {
        var methods = precision == ComputePrecision.Single ? Backend<float>(type).Kernel!.StatisticsMethods : Backend<double>(type).Kernel!.StatisticsMethods;
        // K = 20: at 512 bits (and float32 at 256) fewer than four registers, so every register goes through the listed
        // rows' loops; with four or more (narrower registers), spherical's first four go through the four-register pairs
        // and the rest through the listed rows. Never the gather (float32 with kp = 64 at 512 bits alone: SortedFirstMomentsTests).
        int lanes = CpuBackendProvider.RegisterBits / (precision == ComputePrecision.Single ? 32 : 64);
        bool pairs = type == CovarianceType.Spherical && (K + lanes - 1) / lanes >= 4;
        Assert.Contains(methods, m => m.Name == "MomentsOfListedRows");
        Assert.Contains(methods, m => m.Name == "ListRowsAndAddSums");
        Assert.Equal(pairs, methods.Any(m => m.Name == "FirstMomentsInPairs"));
        Assert.DoesNotContain(methods, m => m.DeclaringType!.Name.StartsWith("ResponsibilityGather", StringComparison.Ordinal));
        Assert.Equal(methods.Count, methods.Distinct().Count());
    }

    [Fact]
    public async Task AFailureCompletesWithMinusOneAndDoesNotFault()
    {
        using var backend = Backend<float>(CovarianceType.Full);
        int calls = 0;
        var task = KernelPrecompilation.Start(backend.Kernel!, _ =>
        {
            if (++calls == 2) throw new InvalidOperationException("the compilation failed");
        });
        Assert.Equal(-1, await Wait(task));
        Assert.Equal(TaskStatus.RanToCompletion, task.Status);
        Assert.Equal(2, calls); // stopped at the failure
    }

    [Theory]
    [MemberData(nameof(TestData.Types), MemberType = typeof(TestData))]
    public async Task AFitBesideAFailingOrRealPrecompilationIsBitForBitUnchanged(CovarianceType type)
    {
        var options = new GaussianMixtureOptions { ComponentCount = K, CovarianceType = type, MaxIterations = 5, Tolerance = 0 };
        var alone = new GaussianMixture(options, new CpuBackendProvider(2, _ => { })).Fit(Points(), D);

        using var backend = Backend<float>(type);
        var failing = KernelPrecompilation.Start(backend.Kernel!, _ => throw new InvalidOperationException("the compilation failed"));
        var beside = new GaussianMixture(options, new CpuBackendProvider(2, _ => { })).Fit(Points(), D);
        var real = KernelPrecompilation.Start(backend.Kernel!);
        var besideReal = new GaussianMixture(options, new CpuBackendProvider(2, _ => { })).Fit(Points(), D);

        Assert.Equal(-1, await Wait(failing));
        Assert.Equal(backend.Kernel!.StatisticsMethods.Count, await Wait(real));
        foreach (var result in new[] { beside, besideReal })
        {
            Assert.Equal(alone.LowerBound, result.LowerBound);
            Assert.Equal(alone.Model.Weights, result.Model.Weights);
            Assert.Equal(alone.Model.Means, result.Model.Means);
            Assert.Equal(alone.Model.Covariances, result.Model.Covariances);
        }
    }

    private static void CheckMethods<T>(CovarianceType type) where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var backend = Backend<T>(type);
        var kernelType = backend.KernelType!;
        var methods = backend.Kernel!.StatisticsMethods;
        var simdKernel = kernelType.BaseType!; // SimdKernel<T, TV>: its type arguments are the kernel's float type and registers
        Assert.Equal(typeof(SimdKernel<,>), simdKernel.GetGenericTypeDefinition());

        Assert.Equal(methods.Count, methods.Distinct().Count());
        Assert.All(methods, method =>
        {
            var declaring = method.DeclaringType!;
            bool kernelsOwn = declaring.IsAssignableFrom(kernelType);
            // A helper's type arguments are the kernel's or their first ones (ResponsibilityGather<T>: the float type alone).
            var arguments = declaring.IsGenericType ? declaring.GetGenericArguments() : [];
            bool helperOfTheSameInstantiation = arguments.Length > 0 && arguments.SequenceEqual(simdKernel.GetGenericArguments().Take(arguments.Length));
            Assert.True(kernelsOwn || helperOfTheSameInstantiation, $"{declaring} is neither {kernelType}, a base of it nor a helper in its float type or registers");
            Assert.False(method.IsAbstract);
            Assert.False(method.ContainsGenericParameters); // a closed instantiation: the fit's own code
            Assert.NotEqual((MethodImplAttributes)0, method.MethodImplementationFlags & MethodImplAttributes.AggressiveOptimization);
        });
        // The kernel's own statistics (its overrides, not the abstract declarations) and one responsibilities method, first
        // the publication (the last an iteration calls), last the responsibilities (the first after the E-step).
        Assert.Equal(kernelType, methods[0].DeclaringType);
        Assert.Equal("Publish", methods[0].Name);
        Assert.Contains(methods, m => m.Name == "AccumulateTile" && m.DeclaringType == kernelType);
        Assert.StartsWith("Responsibilities", methods[^1].Name);
        Assert.DoesNotContain(methods, m => m.Name == "LogProbabilities");
        if (type is CovarianceType.Full or CovarianceType.Tied)
            Assert.Contains(methods, m => m.Name == nameof(BlockedProducts<T, Simd128<T>>.RankUpdate) && m.DeclaringType!.GetGenericTypeDefinition() == typeof(BlockedProducts<,>));
    }

    private static async Task CheckCompiled<T>(CovarianceType type) where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var backend = Backend<T>(type);
        var compiled = new List<MethodInfo>();
        Assert.Equal(backend.Kernel!.StatisticsMethods.Count, await Wait(KernelPrecompilation.Start(backend.Kernel!, compiled.Add)));
        Assert.Equal(backend.Kernel!.StatisticsMethods, compiled);
        Assert.Equal(compiled.Count, await Wait(KernelPrecompilation.Start(backend.Kernel!))); // the runtime's own compilation of each
    }

    /// <summary>A backend of the fit's kind that has made its kernel for a K × D model of <paramref name="type"/>.</summary>
    private static CpuEmBackend<T> Backend<T>(CovarianceType type) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var backend = (CpuEmBackend<T>)new CpuBackendProvider(threads: 2, _ => { }).Create<T>();
        backend.Ready(TestData.StartingModel(type, Points(), D, K));
        return backend;
    }

    private static double[] Points() => TestData.Blobs(N, D, 4, seed: 3);

    private static Task<TResult> Wait<TResult>(Task<TResult> task) => task.WaitAsync(TimeSpan.FromMinutes(2));
}
