using System.Diagnostics;
using System.Globalization;
using Gmm.Cpu;

namespace Gmm.Bench.Em;

/// <summary>
/// `Gmm.Bench kernel-lanes [diag|spherical] [ROUNDS] [LANES...]`: one E-step + statistics pass
/// (IEmBackend.Accumulate, float32) of issue 19's 200,000 × 39, K = 64 problem (<see cref="KernelDensity"/>'s data and
/// start) from the model after 20 EM iterations, with a backend of each lane count (default 1 and 2), the backends
/// taking turns pass by pass in one warm process. Prints, per lane count, this process's CPU time (user + system) and
/// wall time of a pass (minimum and median), and the CPU time against one lane's: the cost of splitting a pass into
/// lanes. One lane's CPU time is its wall time less any time the thread was not running; two lanes' CPU time counts
/// both threads, so with perfect scaling it equals one lane's.
/// </summary>
public static class KernelLanes
{
    /// <summary>Runs the measurement and prints one line per lane count.</summary>
    public static int Run(string[] args)
    {
        string type = args.Length > 0 ? args[0] : "diag";
        int rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 15;
        int[] laneCounts = args.Length > 2 ? [.. args[2..].Select(a => int.Parse(a, CultureInfo.InvariantCulture))] : [1, 2];
        var covariance = type == "spherical" ? CovarianceType.Spherical : CovarianceType.Diagonal;
        const int n = 200_000, d = 39, k = 64;
        var data = KernelDensity.Problem(n, d);
        var source = new InMemoryDataSource<float>(data, d);
        var backends = laneCounts.Select(l => new CpuBackendProvider(threads: l).Create<float>()).ToArray();
        try
        {
            var run = new EmRun<float, GaussianMixtureModel>(backends[0], source, new MaximumLikelihoodStep(1e-6),
                KernelDensity.Start(data, n, d, k, covariance));
            for (int iteration = 0; iteration < 20; iteration++) run.Step();
            var model = run.State;
            var cpu = laneCounts.Select(_ => new double[rounds]).ToArray();
            var wall = laneCounts.Select(_ => new double[rounds]).ToArray();
            foreach (var backend in backends) KernelDensity.Pass(backend, source, model);
            for (int r = 0; r < rounds; r++)
                for (int i = 0; i < backends.Length; i++) (cpu[i][r], wall[i][r]) = KernelDensity.Pass(backends[i], source, model);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{type} {n}x{d} K={k} after 20 iterations, {rounds} rounds, load average {KernelDensity.LoadAverage()}"));
            Console.WriteLine("lanes  CPU ms min  median   wall ms min  median   CPU median / 1 lane's");
            double reference = KernelDensity.Median(cpu[0]);
            for (int i = 0; i < backends.Length; i++)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{laneCounts[i],5}  {cpu[i].Min(),10:F2}  {KernelDensity.Median(cpu[i]),6:F2}   {wall[i].Min(),11:F2}  {KernelDensity.Median(wall[i]),6:F2}   {KernelDensity.Median(cpu[i]) / reference,6:F3}"));
        }
        finally
        {
            foreach (var backend in backends) backend.Dispose();
        }
        return 0;
    }
}
