using Gmm.Cli.Infrastructure;

namespace Gmm.Cli.Formats;

/// <summary>Opens INPUT for a query against a model: readable, finite, with the model's number of features.</summary>
internal static class ModelInput
{
    /// <param name="path">INPUT.</param>
    /// <param name="dims">--dims of a raw float32 file.</param>
    /// <param name="model">The model it is queried against.</param>
    /// <param name="modelPath">The model's file (for messages).</param>
    /// <param name="missing">What a NaN means (--missing).</param>
    public static InputData Open(string path, int? dims, GaussianMixtureModel model, string modelPath, MissingValues missing = MissingValues.Reject)
    {
        var data = DataReader.Open(path, dims, missing);
        try
        {
            if (data.Dimension != model.Dimension)
                throw new CliException($"{path} has {data.Dimension} features per row but the model {modelPath} has {model.Dimension}.");
            data.CheckFinite();
            return data;
        }
        catch
        {
            data.Dispose();
            throw;
        }
    }
}
