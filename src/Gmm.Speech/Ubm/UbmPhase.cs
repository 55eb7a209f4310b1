namespace Gmm.Speech.Ubm;

/// <summary>The stages of UBM training.</summary>
public enum UbmPhase
{
    /// <summary>EM on the in-memory frame sample, growing the mixture by splitting (gmm-global-init-from-feats).</summary>
    Initialization,
    /// <summary>EM of the diagonal UBM over all the subsampled data (gmm-global-acc-stats + gmm-global-est).</summary>
    Training,
    /// <summary>EM of the full-covariance UBM started from the diagonal one (fgmm-global-acc-stats + fgmm-global-est).</summary>
    FullCovariance,
}
