using System.Numerics;

namespace Gmm;

/// <summary>The EM iteration for any backend: its statistics come to the host and <see cref="MStep"/> runs here.</summary>
internal sealed class HostStepper<T>(IEmBackend<T> backend) : IEmStepper<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The backend's own stepper when it has one (a GPU's on-device M-step), else a host stepper over it.</summary>
    public static IEmStepper<T> For(IEmBackend<T> backend) => backend as IEmStepper<T> ?? new HostStepper<T>(backend);

    private IDataSource<T>? _data;
    private GaussianMixtureModel? _model;

    public GaussianMixtureModel Model => _model ?? throw new InvalidOperationException("Start was not called.");

    public void Start(GaussianMixtureModel model, IDataSource<T> data)
    {
        _model = model;
        _data = data;
    }

    public (double LogLikelihood, double WeightSum) Step(double regularization, Func<SufficientStatistics, GaussianMixtureModel> hostMStep)
    {
        var statistics = SufficientStatistics.For<T>(Model);
        backend.Accumulate(Model, _data!, statistics);
        if (!double.IsNaN(statistics.LogLikelihood / statistics.WeightSum)) _model = hostMStep(statistics);
        return (statistics.LogLikelihood, statistics.WeightSum);
    }
}
