using Gmm.Cli.Infrastructure.Files;
using Gmm.Speech.Archives;

namespace Gmm.Cli.Speech;

/// <summary>
/// Every file a speaker command reads, recorded with the output guard (<see cref="FileGuard.NoteRead"/>) before any work:
/// the files named on the command line and those they lead to — the files of a .list, the archives of a .scp, the files
/// of a features folder — so that no output of the run replaces one of them.
/// </summary>
internal static class InputFiles
{
    /// <summary>
    /// Records every file <paramref name="inputs"/> read as an input of the run, then refuses <paramref name="output"/>
    /// when it is one of them (under any name), a folder, or in a missing folder.
    /// </summary>
    public static void CheckOutput(string output, string option, params IEnumerable<string?>[] inputs)
    {
        foreach (string path in inputs.SelectMany(group => group).OfType<string>().SelectMany(Expand)) FileGuard.NoteRead(path);
        FileGuard.CheckWritable(output, option);
        FileGuard.CheckOutput(output, option);
    }

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
