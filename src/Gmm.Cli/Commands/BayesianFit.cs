using System.Globalization;
using Gmm.Cli.Formats;
using Gmm.Cli.Infrastructure;

namespace Gmm.Cli.Commands;

/// <summary>gmm fit --bayesian: the variational fit (scikit-learn's BayesianGaussianMixture) once fit has read its inputs.</summary>
internal static class BayesianFit
{
    public static int Run(CliContext context, BayesianGaussianMixtureOptions options, InputData data, InputData fitData,
        BackendFactory.Selection device, bool quiet, string? outputPath, double? contamination)
    {
        string prior = BayesianModelFile.PriorTypeName(options.WeightConcentrationPriorType).Replace('_', '-');
        if (!quiet)
        {
            context.Out.WriteLine($"device: {device.Description} — {device.Reason}");
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"fitting at most {options.ComponentCount} {ModelFile.TypeName(options.CovarianceType)}-covariance components ({prior} prior) to {data.Count} points × {data.Dimension} features from {data.Path}"));
        }
        var mixture = new BayesianGaussianMixture(options, device.Provider);
        var result = FitProgress.Run(context, quiet, device.Provider.Name, options.InitializationCount,
            progress => fitData.Fit(mixture, progress, context.Cancellation), quantity: "lower bound");

        FitCommand.WarnAbout(context, result.Warnings, result.BestInitialization);
        var posterior = result.Model;
        if (!quiet || outputPath is null)
        {
            Render.WriteComponents(context, posterior.PointEstimate, data.FeatureNames, withDeviations: false);
            if (!quiet) Render.WriteFacts(context, [.. VariationalFitFacts.For(result, device.Description)]);
        }
        var anomaly = contamination is { } fraction ? AnomaliesCommand.AtFit(context, data, device.Provider, posterior.PointEstimate, posterior, fraction, quiet) : null;
        if (outputPath is not null)
            ModelFile.Write(outputPath, new ModelFile.Content(posterior.PointEstimate, result.Converged, result.Iterations, result.LowerBound, posterior, result.Priors, anomaly));
        if (!quiet && outputPath is not null) context.Out.WriteLine($"model written to {outputPath}");
        return Cli.Success;
    }
}
