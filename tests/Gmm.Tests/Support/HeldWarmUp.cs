using Gmm.Cpu;

namespace Gmm.Tests.Support;

/// <summary>
/// A kernel warm-up (the hook of <c>new CpuBackendProvider(threads, warmUp.Run)</c>) for tests of what a fit waits for:
/// it is held until the test calls <see cref="Release"/> at the point that the fit may only reach after its warm-up
/// (its first progress report, say), or until <see cref="Guard"/> has passed, and only then finishes. A fit that waits
/// for the warm-up cannot reach that point while the warm-up is held, so it sees <see cref="Finished"/> there whatever
/// the machine's speed; a fit that does not wait reaches it while the warm-up is still held (<see cref="Finished"/> is
/// false), unless it took longer than <see cref="Guard"/> to get there. A fixed sleep in the hook instead makes such a
/// test pass whenever the machine is slower than the sleep. That a fit's wait is a wait at all is tested exactly on
/// <see cref="FirstIteration.Ready"/> itself (<see cref="Cpu.FirstIterationTests"/>).
/// </summary>
/// <param name="holds">Which warm-ups are held (the others finish at once); null: all.</param>
internal sealed class HeldWarmUp(Func<CpuKernelWarmUp.Shape, bool>? holds = null)
{
    /// <summary>How long a held warm-up waits for <see cref="Release"/>: what a fit that waits for it spends waiting.</summary>
    public static readonly TimeSpan Guard = TimeSpan.FromSeconds(2);

    private readonly ManualResetEventSlim _released = new(false);
    private int _finished;

    /// <summary>Whether a held warm-up has finished.</summary>
    public bool Finished => Volatile.Read(ref _finished) == 1;

    /// <summary>The warm-up: held until <see cref="Release"/> or <paramref name="guard"/> (default <see cref="Guard"/>).</summary>
    public void Run(CpuKernelWarmUp.Shape shape) => Run(shape, Guard);

    /// <summary>The warm-up with another guard (a fit whose point of interest comes long after its warm-up starts).</summary>
    public void Run(CpuKernelWarmUp.Shape shape, TimeSpan guard)
    {
        if (holds is not null && !holds(shape)) return;
        _released.Wait(guard);
        Volatile.Write(ref _finished, 1);
    }

    /// <summary>Lets a held warm-up finish (at once if it is not held yet).</summary>
    public void Release() => _released.Set();
}
