using ILGPU.Runtime;

namespace Gmm.Gpu.Multi;

/// <summary>One device of a multi-device selection: its accelerator, its name ("cuda:1") and a description.</summary>
internal sealed record SelectedDevice(Accelerator Accelerator, string Name, string Description);
