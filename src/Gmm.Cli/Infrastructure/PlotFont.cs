using ScottPlot;

namespace Gmm.Cli.Infrastructure;

/// <summary>
/// The plots' font, shipped inside the tool (DejaVu Sans, Fonts/DejaVuSans-LICENSE.txt): machines without fonts
/// (the GPU hosts) otherwise render every label as nothing.
/// </summary>
internal static class PlotFont
{
    private static readonly Lazy<string> Embedded = new(() =>
    {
        const string name = "DejaVu Sans (gmm)";
        var path = Path.Combine(Path.GetTempPath(), $"gmm-dejavu-sans-{Environment.ProcessId}.ttf");
        using (var resource = typeof(PlotFont).Assembly.GetManifestResourceStream("Gmm.Cli.Fonts.DejaVuSans.ttf")
            ?? throw new InvalidOperationException("The embedded plot font is missing from the gmm assembly."))
        using (var file = File.Create(path))
            resource.CopyTo(file);
        Fonts.AddFontFile(name, path);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => File.Delete(path);
        return name;
    });

    /// <summary>The font family name to give ScottPlot (registered on first use).</summary>
    public static string Name => Embedded.Value;

    /// <summary>True for the extensions the plots can write.</summary>
    public static bool IsSupported(string path) => Extension(path) is ".png" or ".svg";

    /// <summary>The plot encoded for <paramref name="path"/>'s extension (.png or .svg).</summary>
    public static byte[] Encode(Plot plot, string path, int width, int height) =>
        Extension(path) == ".svg"
            ? System.Text.Encoding.UTF8.GetBytes(plot.GetSvgXml(width, height))
            : plot.GetImageBytes(width, height, ImageFormat.Png);

    private static string Extension(string path) => Path.GetExtension(path).ToLowerInvariant();
}
