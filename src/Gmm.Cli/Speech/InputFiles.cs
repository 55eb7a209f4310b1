using Gmm.Cli.Infrastructure;
using Gmm.Speech.Archives;

namespace Gmm.Cli.Speech;

/// <summary>
/// Every file a speaker command reads, for the output guard (<see cref="AtomicFile.CheckWritable"/>): the files named on
/// the command line and those they lead to — the files of a .list, the archives of a .scp, the files of a features folder.
/// </summary>
internal static class InputFiles
{
    /// <summary>Refuses <paramref name="output"/> when it is one of the files <paramref name="inputs"/> read (or a folder, or in a missing folder).</summary>
    public static void CheckOutput(string output, string option, params IEnumerable<string?>[] inputs) =>
        AtomicFile.CheckWritable(output, option, [.. inputs.SelectMany(group => group).Where(p => p is not null).SelectMany(p => Expand(p!))]);

    /// <summary><paramref name="path"/> and the files it leads to.</summary>
    public static IEnumerable<string> Expand(string path)
    {
        yield return path;
        if (Directory.Exists(path))
        {
            foreach (string file in FeatureInputs.FolderFiles(path))
                foreach (string inner in Expand(file)) yield return inner;
            yield break;
        }
        if (!File.Exists(path)) yield break; // the command's own check names a missing file
        switch (Path.GetExtension(path).ToLowerInvariant())
        {
            case ".list" or ".lst":
                foreach (string file in new FileListArchive(path).ReadPaths())
                    foreach (string inner in Expand(file)) yield return inner;
                break;
            case ".scp":
                foreach (string file in new KaldiScript(path).ReadEntries().Select(e => e.File).Distinct(StringComparer.Ordinal)) yield return file;
                break;
        }
    }
}
