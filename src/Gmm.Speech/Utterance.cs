namespace Gmm.Speech;

/// <summary>One utterance of an archive: its key (Kaldi's utterance id, or a file name) and its features.</summary>
/// <param name="Key">The utterance id.</param>
/// <param name="Features">Frames × features.</param>
public sealed record Utterance(string Key, FeatureMatrix Features);
