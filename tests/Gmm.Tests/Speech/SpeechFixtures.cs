using System.Text.Json;

namespace Gmm.Tests.Speech;

/// <summary>The speech fixtures (tests/fixtures/speech, made by make_speech_fixtures.py): WAV files and torchaudio's features.</summary>
public static class SpeechFixtures
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "fixtures", "speech");

    public static string Wav(string name) => Path.Combine(Folder, "wav", name);

    /// <summary>One reference case: a WAV file, a feature type, Kaldi options, and torchaudio's frames × dim values.</summary>
    public sealed record Case(int Index, string Wav, string Kind, IReadOnlyDictionary<string, string> Options, int Frames, int Dim, float[] Values)
    {
        public override string ToString() => $"#{Index} {Wav} {Kind} {string.Join(" ", Options.Select(o => $"--{o.Key}={o.Value}"))}";
    }

    private static readonly Lazy<IReadOnlyList<Case>> Loaded = new(Load);

    public static IReadOnlyList<Case> Cases => Loaded.Value;

    private static IReadOnlyList<Case> Load()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "reference.json")));
        var cases = new List<Case>();
        foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            var options = new Dictionary<string, string>();
            foreach (var o in c.GetProperty("options").EnumerateObject())
                options[o.Name] = o.Value.ValueKind switch
                {
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    _ => o.Value.ToString(),
                };
            cases.Add(new Case(cases.Count, c.GetProperty("wav").GetString()!, c.GetProperty("kind").GetString()!, options,
                c.GetProperty("frames").GetInt32(), c.GetProperty("dim").GetInt32(),
                c.GetProperty("values").EnumerateArray().Select(v => v.GetSingle()).ToArray()));
        }
        return cases;
    }
}
