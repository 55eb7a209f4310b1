namespace Gmm.Speech.Adaptation;

/// <summary>A speaker model made by MAP adaptation.</summary>
/// <param name="Speaker">The speaker id.</param>
/// <param name="Model">The adapted model.</param>
/// <param name="Frames">Frames of the speaker's enrolment data.</param>
public sealed record AdaptedSpeaker(string Speaker, GaussianMixtureModel Model, long Frames);
