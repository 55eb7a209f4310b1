namespace Gmm.Gpu;

/// <summary>
/// A device of a multi-device fit (<see cref="MultiGpuBackendProvider"/>) failed: the fit fails with it (the other
/// devices do not take over its rows). The message names the device and its rows; the inner exception is the
/// device's own error.
/// </summary>
public sealed class GpuDeviceException : InvalidOperationException
{
    /// <summary>Creates the exception for device <paramref name="deviceName"/>.</summary>
    /// <param name="deviceName">The device's name, e.g. "cuda:1".</param>
    /// <param name="message">What failed, naming the device.</param>
    /// <param name="innerException">The device's error.</param>
    public GpuDeviceException(string deviceName, string message, Exception? innerException) : base(message, innerException)
    {
        DeviceName = deviceName;
    }

    /// <summary>The failed device's name ("cuda:1", "ilgpu-cpu:0").</summary>
    public string DeviceName { get; }
}
