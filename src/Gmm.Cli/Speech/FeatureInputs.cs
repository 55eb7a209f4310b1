using Gmm.Cli.Formats;
using Gmm.Cli.Infrastructure;
using Gmm.Speech;
using Gmm.Speech.Archives;

namespace Gmm.Cli.Speech;

/// <summary>
/// The feature inputs of the speaker commands: FEATS... (one or more files of any format gmm reads, their frames one
/// after another) and keyed utterances (a Kaldi archive, script, HTK file or list, or a folder of per-utterance files).
/// </summary>
internal static class FeatureInputs
{
    /// <summary>The frames of <paramref name="paths"/>, in order; several speech archives stream as one, other formats are joined (float64 when any file holds float64).</summary>
    public static InputData Open(IReadOnlyList<string> paths, int? dims)
    {
        if (paths.Count == 0) throw new CliException("give at least one features file.");
        if (paths.Count == 1) return DataReader.Open(paths[0], dims);
        if (dims is null && paths.All(FeatureArchive.IsSupported))
        {
            foreach (string path in paths) DataReader.CheckReadable(path);
            return new InputData<float>(string.Join(", ", paths), FeatureDataSource.Open([.. paths]), null, validated: true);
        }
        var opened = new List<InputData>();
        try
        {
            foreach (string path in paths)
            {
                var data = DataReader.Open(path, dims);
                opened.Add(data);
                if (data.Dimension != opened[0].Dimension)
                    throw new CliException($"{path} has {data.Dimension} features per row but {opened[0].Path} has {opened[0].Dimension}; all FEATS must have the same dimension.");
            }
            string name = string.Join(", ", paths);
            if (opened.All(d => d is InputData<float>))
            {
                var joined = new ConcatenatedDataSource<float>([.. opened.Select(d => ((InputData<float>)d).Source)], opened);
                return new InputData<float>(name, joined, null, validated: false, owner: joined);
            }
            var wide = new ConcatenatedDataSource<double>([.. opened.Select(d => d is InputData<double> same ? same.Source
                : new ConvertingDataSource<float, double>(((InputData<float>)d).Source))], opened);
            return new InputData<double>(name, wide, null, validated: false, owner: wide);
        }
        catch
        {
            foreach (var data in opened) data.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The utterances of <paramref name="path"/>: a Kaldi archive or script, an HTK file or a list of speech files (keys as
    /// written there), or a folder whose files are utterances (key: the file name without its extension; speech
    /// archives in it contribute their own keys), in name order.
    /// </summary>
    public static IEnumerable<Utterance> Utterances(string path)
    {
        if (Directory.Exists(path)) return FolderUtterances(path);
        DataReader.CheckReadable(path);
        if (!FeatureArchive.IsSupported(path))
            throw new CliException($"{path}: utterances come from a Kaldi archive or script, an HTK file, a .list of them, or a folder of feature files ({FeatureArchive.SupportedExtensions}).");
        return FeatureArchive.Open(path).ReadUtterances();
    }

    /// <summary>The files of <paramref name="folder"/> that hold utterances.</summary>
    public static IReadOnlyList<string> FolderFiles(string folder) =>
        [.. Directory.GetFiles(folder).Where(f => FeatureArchive.IsSupported(f) || Path.GetExtension(f).ToLowerInvariant() is ".npy" or ".csv")
            .Order(StringComparer.Ordinal)];

    private static IEnumerable<Utterance> FolderUtterances(string folder)
    {
        var files = FolderFiles(folder);
        if (files.Count == 0) throw new CliException($"{folder}: the folder holds no feature files (.npy, .csv, {FeatureArchive.SupportedExtensions}).");
        foreach (string file in files)
        {
            if (FeatureArchive.IsSupported(file))
            {
                foreach (var utterance in FeatureArchive.Open(file).ReadUtterances()) yield return utterance;
                continue;
            }
            using var data = DataReader.Open(file);
            data.CheckFinite();
            var values = data.ReadAll();
            yield return new Utterance(Path.GetFileNameWithoutExtension(file),
                new FeatureMatrix(checked((int)data.Count), data.Dimension, [.. values.Select(v => (float)v)]));
        }
    }
}
