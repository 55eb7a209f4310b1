// A kernel method and its compile-time mode variants: what the backend loads, one variant at a time, and what the
// catalog lists.
using System.Reflection;

namespace Gmm.Gpu.Kernels;

/// <summary>
/// One kernel method of a *Kernels&lt;T, TOps&gt; class with its mode variants: one closed method (and
/// <see cref="GpuKernel"/>) per combination of its generic mode parameters' types.
/// </summary>
internal sealed class KernelFamily
{
    private readonly Type[][] _modes;

    private KernelFamily(string name, GpuKernel[] variants, Type[][] modes)
    {
        Name = name;
        Variants = variants;
        _modes = modes;
    }

    /// <summary>The family's name in the backend's kernel set, e.g. "DiagonalStatistics".</summary>
    public string Name { get; }

    /// <summary>The variants, in the order of the product of the mode axes (the first axis varies fastest).</summary>
    public IReadOnlyList<GpuKernel> Variants { get; }

    /// <summary>
    /// The family <paramref name="name"/> of method <paramref name="method"/> of the closed kernel class
    /// <paramref name="kernels"/>: one variant per choice of a type from each axis (an axis per generic parameter of the
    /// method, in order; none for a method without mode parameters).
    /// </summary>
    public static KernelFamily Of(string name, Type kernels, string method, params Type[][] axes)
    {
        var open = kernels.GetMethod(method, BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly)
            ?? throw new ArgumentException($"{kernels.Name} has no public static kernel {method}.", nameof(method));
        if (open.GetGenericArguments().Length != axes.Length)
            throw new ArgumentException($"{method} takes {open.GetGenericArguments().Length} mode parameters, {axes.Length} axes were given.", nameof(axes));
        string className = kernels.Name[..kernels.Name.IndexOf('`', StringComparison.Ordinal)];
        var modes = Product(axes);
        var variants = new GpuKernel[modes.Length];
        for (int v = 0; v < modes.Length; v++)
        {
            var closed = modes[v].Length == 0 ? open : open.MakeGenericMethod(modes[v]);
            string suffix = modes[v].Length == 0 ? "" : $"<{string.Join(", ", modes[v].Select(m => m.Name))}>";
            variants[v] = new GpuKernel($"{className}.{method}{suffix}", closed, LaunchBoundsAttribute.For(closed));
        }
        return new KernelFamily(name, variants, modes);
    }

    /// <summary>Index of the variant closed over <paramref name="modes"/> (one type per axis, in order).</summary>
    /// <exception cref="ArgumentException">No variant of this family has these modes.</exception>
    public int IndexOf(params Type[] modes)
    {
        for (int v = 0; v < _modes.Length; v++)
            if (_modes[v].AsSpan().SequenceEqual(modes)) return v;
        throw new ArgumentException($"{Name} has no variant <{string.Join(", ", modes.Select(m => m.Name))}>.", nameof(modes));
    }

    private static Type[][] Product(Type[][] axes)
    {
        IEnumerable<Type[]> result = [[]];
        foreach (var axis in axes.Reverse())
            result = result.SelectMany(rest => axis.Select(mode => (Type[])[mode, .. rest])).ToArray();
        return result.ToArray();
    }
}
