namespace Gmm;

/// <summary>What a NaN in the data means to a fit or a query.</summary>
public enum MissingValues
{
    /// <summary>NaN is an error naming the first one (the default).</summary>
    Reject,

    /// <summary>
    /// NaN marks a missing entry: EM and the queries use the marginal density of each point's observed coordinates,
    /// and the statistics use the conditional expectations of its missing ones (Ghahramani &amp; Jordan 1994). A point
    /// with every value missing is an error naming it.
    /// </summary>
    Marginalize,
}
