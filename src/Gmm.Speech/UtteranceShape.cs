namespace Gmm.Speech;

/// <summary>An utterance's key and size, known without reading its values.</summary>
/// <param name="Key">The utterance id.</param>
/// <param name="Rows">Frames.</param>
/// <param name="Columns">Features per frame.</param>
public readonly record struct UtteranceShape(string Key, int Rows, int Columns);
