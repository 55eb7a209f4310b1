using System.CommandLine;
using System.Globalization;
using Gmm.Cli.Formats;
using Gmm.Cli.Infrastructure;

namespace Gmm.Cli.Commands;

/// <summary>gmm info --model M: a readable summary of a model file.</summary>
internal static class InfoCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Option<string>("--model", "-m") { Description = "Model file (gmm-model/1 or gmm-bayesian-model/1 JSON)", Required = true, HelpName = "MODEL.json" };
        var command = new Command("info", "Summarise a model file: type, size, fit outcome, and each component's weight, mean and spread.") { model };
        command.SetAction(parsed => Run(context, parsed.GetValue(model)!));
        return command;
    }

    private static int Run(CliContext context, string modelPath)
    {
        var content = ModelFile.Read(modelPath);
        var m = content.Model;
        var c = CultureInfo.InvariantCulture;
        var posterior = content.Posterior;
        var facts = new List<(string, string)>
        {
            ("model", modelPath),
            ("format", posterior is null ? ModelFile.Format : BayesianModelFile.Format),
            ("covariance", ModelFile.TypeName(m.CovarianceType)),
            ("components", m.ComponentCount.ToString(c)),
        };
        if (posterior is not null)
        {
            facts.Add(("weight prior", BayesianModelFile.PriorTypeName(posterior.WeightConcentrationPriorType).Replace('_', ' ')));
            facts.Add(("effective components", BayesianModelFile.EffectiveComponents(posterior)));
        }
        facts.AddRange(
        [
            ("features", m.Dimension.ToString(c)),
            ("parameters", posterior is null ? m.ParameterCount.ToString(c) + " free" : "a posterior over weights, means and covariances"),
            ("converged", content.Converged switch { true => "yes", false => "no", null => "unknown" }),
            ("iterations", content.Iterations?.ToString(c) ?? "unknown"),
            ("lower bound", (content.LowerBound?.ToString("F6", c) ?? "unknown") + (posterior is null ? "" : " (evidence lower bound)")),
        ]);
        Render.WriteFacts(context, facts);
        Render.WriteComponents(context, m, null, withDeviations: true);
        return Cli.Success;
    }
}
