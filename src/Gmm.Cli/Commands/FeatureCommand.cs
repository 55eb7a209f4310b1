using System.CommandLine;
using System.Globalization;
using Gmm.Cli.Infrastructure;
using Gmm.Cli.Speech;
using Gmm.Speech;
using Gmm.Speech.Archives;
using Gmm.Speech.Audio;
using Gmm.Speech.Features;

namespace Gmm.Cli.Commands;

/// <summary>
/// gmm mfcc / gmm fbank INPUT.wav|LIST -o OUT.npy|OUT.ark|OUT.htk: Kaldi's compute-mfcc-feats / compute-fbank-feats with
/// Kaldi's option names and defaults, then optionally add-deltas, apply-cmvn-sliding and energy VAD (or --preset sid).
/// </summary>
internal static class FeatureCommand
{
    public static Command Create(CliContext context, string kind)
    {
        bool mfcc = kind == "mfcc";
        var input = new Argument<string>("INPUT") { Description = "A .wav file, or a list of WAV files (one 'PATH' or 'KEY PATH' per line)" };
        var output = new Option<string>("--output", "-o") { Description = $"Where to write: {FeatureOutput.Extensions}", Required = true, HelpName = "OUT" };
        var script = new Option<string?>("--scp") { Description = "Also write a Kaldi script (KEY ARK:OFFSET per utterance) for an .ark output", HelpName = "OUT.scp" };
        var compress = new Option<bool>("--compress") { Description = "Write the .ark compressed (Kaldi's CM format, as copy-feats --compress)" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print nothing but errors and warnings" };
        var kaldi = new KaldiFeatureOptions();
        var command = new Command(kind, mfcc
            ? "Compute MFCCs exactly as Kaldi's compute-mfcc-feats (13 per frame; 39 with --deltas), optionally with deltas, sliding CMN and VAD."
            : "Compute log mel filterbank energies exactly as Kaldi's compute-fbank-feats (23 per frame), optionally post-processed as gmm mfcc.")
        {
            input, output, script, compress, quiet,
        };
        kaldi.AddTo(command, kind);
        command.SetAction(parsed => Run(context, parsed, kind, kaldi, parsed.GetValue(input)!, parsed.GetValue(output)!,
            parsed.GetValue(script), parsed.GetValue(compress), parsed.GetValue(quiet)));
        return command;
    }

    private static int Run(CliContext context, ParseResult parsed, string kind, KaldiFeatureOptions kaldi, string input, string outputPath,
        string? scriptPath, bool compress, bool quiet)
    {
        AtomicFile.CheckWritable(outputPath, "--output", input);
        if (scriptPath is not null) AtomicFile.CheckWritable(scriptPath, "--scp", input, outputPath);
        var given = kaldi.Given(parsed);
        int seed = parsed.GetValue(kaldi.Seed), channel = parsed.GetValue(kaldi.Channel);
        if (channel < 0) throw new CliException($"--channel must be 0 or more; got {channel}.");
        FeatureExtractor extractor;
        HtkParameterKind htkKind;
        if (kind == "mfcc")
        {
            var options = KaldiOptionParser.Mfcc(given);
            options = options with { Frame = options.Frame with { DitherSeed = seed } };
            extractor = new MfccExtractor(options);
            htkKind = new HtkParameterKind((ushort)(HtkParameterKind.Mfcc | (options.UseEnergy ? HtkParameterKind.Energy : HtkParameterKind.ZerothCepstrum)));
        }
        else
        {
            var options = KaldiOptionParser.Fbank(given);
            options = options with { Frame = options.Frame with { DitherSeed = seed } };
            extractor = new FbankExtractor(options);
            htkKind = new HtkParameterKind((ushort)(HtkParameterKind.Fbank | (options.UseEnergy ? HtkParameterKind.Energy : 0)));
        }
        var post = kaldi.PostProcessing(parsed);
        if (post.Deltas is { Order: > 0 } d) htkKind = htkKind.With(HtkParameterKind.Delta).With(HtkParameterKind.Acceleration, d.Order > 1);
        if (post.Cmn is not null) htkKind = htkKind.With(HtkParameterKind.ZeroMean);
        int samplePeriod = (int)Math.Round(extractor.Frame.FrameShiftMs * 1e4);   // HTK: 100 ns units

        var inputs = WaveInputs.Read(input);
        int dimension = extractor.Dimension * (post.Deltas is { } deltas ? deltas.Order + 1 : 1);
        using var output = new FeatureOutput(outputPath, scriptPath, compress, htkKind, samplePeriod, inputs.Count);
        int written = 0;
        double seconds = 0;
        foreach (var (key, path) in inputs)
        {
            context.Cancellation.ThrowIfCancellationRequested();
            var wave = Read(path);
            seconds += wave.Duration;
            var raw = extractor.Compute(wave, channel);
            if (raw.Rows == 0)
            {
                context.Warn($"{path}: {wave.SampleCount} samples is shorter than one frame ({extractor.Frame.WindowSize} samples); no features.");
                continue;
            }
            var features = post.Apply(raw);
            if (features.Rows == 0)
            {
                context.Warn($"{path}: no frame was judged voiced; the utterance is left out.");
                continue;
            }
            output.Write(key, features);
            written++;
        }
        output.Commit(dimension);
        if (!quiet)
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{kind}: {written} of {inputs.Count} utterance(s), {seconds:F1} s of audio, {output.Frames} frames × {dimension} features written to {outputPath}{(scriptPath is null ? "" : " and " + scriptPath)}"));
        return Cli.Success;
    }

    private static WaveData Read(string path)
    {
        try
        {
            return WaveReader.Read(path);
        }
        catch (Exception e) when (e is IOException and not FeatureFormatException or UnauthorizedAccessException)
        {
            throw new CliException($"{path}: cannot read the file: {e.Message}", e);
        }
    }
}
