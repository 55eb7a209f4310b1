namespace Gmm.Tests.Support;

/// <summary>Keeps the state and returns the given lower bounds in turn, each with the given scale.</summary>
internal sealed class ScriptedStep(double[] bounds, double scale) : MaximizationStep<GaussianMixtureModel>
{
    private int _calls;

    public override GaussianMixtureModel ExpectationModel(GaussianMixtureModel state) => state;

    public override GaussianMixtureModel Initialize(SufficientStatistics statistics, MaximizationContext context) =>
        new MaximumLikelihoodStep(0).Initialize(statistics, context);

    public override MaximizationResult<GaussianMixtureModel> Maximize(SufficientStatistics statistics, GaussianMixtureModel current, MaximizationContext context) =>
        new(current, bounds[_calls++], scale);
}
