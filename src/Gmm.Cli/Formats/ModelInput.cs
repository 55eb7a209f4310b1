using Gmm.Cli.Infrastructure;

namespace Gmm.Cli.Formats;

/// <summary>Opens INPUT for a query against a model: readable, finite, with the model's number of features.</summary>
internal static class ModelInput
{
    public static InputData Open(string path, int? dims, GaussianMixtureModel model, string modelPath)
    {
        var data = DataReader.Open(path, dims);
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
