using System.Numerics;
using ILGPU.Runtime;

namespace Gmm.Gpu;

/// <summary>The fit loop's side of the GPU backend (<see cref="IMaximumLikelihoodStepper{T}"/>): the M-step on the device.</summary>
internal sealed partial class GpuEmBackend<T>
{
    private IDataSource<T>? _stepData;
    private GaussianMixtureModel? _hostModel; // the model while the host holds it (a start, or a host M-step's result)
    private bool _uploaded; // the device's layouts hold _hostModel (or the device M-step's model when it is null)
    private bool _deviceModelValid; // the device M-step's buffers hold the fit's current model
    private readonly double[] _totals = new double[3];

    /// <summary>
    /// True (the default): in a fit, the M-step runs on the device and an iteration sends three scalars to the host;
    /// degenerate cases (an empty component, a collapsed or not positive-definite covariance) still go through the host
    /// M-step, with its warnings. False: the statistics come to the host every iteration (for comparisons).
    /// </summary>
    public bool MStepOnDevice { get; set; } = true;

    /// <summary>Iterations of the current fit whose M-step had to run on the host (degenerate cases, or the switch off).</summary>
    public int HostMStepCount { get; private set; }

    void IMaximumLikelihoodStepper<T>.Start(GaussianMixtureModel model, IDataSource<T> data)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        Check(model, data);
        ReleaseCenterSearch(); // initialisation is over: its buffers would take memory the data may need
        _stepData = data;
        _hostModel = model;
        _uploaded = false;
        _deviceModelValid = false;
        HostMStepCount = 0;
    }

    (double LogLikelihood, double WeightSum) IMaximumLikelihoodStepper<T>.Step(double regularization, Func<SufficientStatistics, GaussianMixtureModel> hostMaximization)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var data = _stepData ?? throw new InvalidOperationException("Start was not called.");
        if (_hostModel is null && !_deviceModelValid)
            throw new InvalidOperationException("No model to continue from: the last iteration failed (NaN log-likelihood or a failed M-step); call Start again.");
        if (!MStepOnDevice)
        {
            var model = ((IMaximumLikelihoodStepper<T>)this).Model;
            var statistics = SufficientStatistics.For<T>(model);
            Accumulate(model, data, statistics);
            if (!double.IsNaN(statistics.LogLikelihood / statistics.WeightSum))
            {
                _hostModel = hostMaximization(statistics);
                HostMStepCount++;
            }
            else _hostModel = model;
            _uploaded = false;
            _deviceModelValid = false;
            return (statistics.LogLikelihood, statistics.WeightSum);
        }
        SufficientStatistics? degenerate = null;
        lock (_provider.LaunchLock)
        {
            _accumulatedModel = null; // the fit rewrites the layouts Accumulate may have left
            DeviceParameters<T> parameters;
            if (_hostModel is { } start && !_uploaded)
            {
                parameters = ParametersFor(start);
                parameters.Upload(start, SufficientStatistics.For<T>(start));
                _uploaded = true;
            }
            else
            {
                parameters = _parameters!;
                parameters.ClearAccumulators(_accelerator.DefaultStream);
            }
            _mstep ??= new DeviceMStep<T>(_accelerator, _kernels, parameters);
            Pass(parameters, data);
            _deviceModelValid = false; // from here the device buffers hold the new model only if nothing is flagged
            _mstep.Launch(_accelerator.DefaultStream, regularization, data.Count);
            parameters.Totals.CopyToCPU(_totals); // waits for the pass and the M-step
            if (_totals[2] != 0 && !double.IsNaN(_totals[0] / _totals[1])) degenerate = _mstep.DownloadStatistics(data.Count);
        }
        _hostModel = null;
        _uploaded = false;
        if (degenerate is not null)
        {
            _hostModel = hostMaximization(degenerate); // drops, regularises and warns as for every backend (or throws: no model)
            HostMStepCount++;
        }
        else
        {
            _deviceModelValid = !double.IsNaN(_totals[0] / _totals[1]); // after a NaN pass the loop stops with an error
            _uploaded = _deviceModelValid;
        }
        return (_totals[0], _totals[1]);
    }

    GaussianMixtureModel IMaximumLikelihoodStepper<T>.Model
    {
        get
        {
            if (_hostModel is { } model) return model;
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_deviceModelValid) throw new InvalidOperationException("No model: Start was not called, or the last iteration failed (NaN log-likelihood or a failed M-step).");
            lock (_provider.LaunchLock) return _hostModel = _mstep!.DownloadModel();
        }
    }
}
