using Gmm.Cli.Formats;
using Gmm.Cli.Infrastructure;
using Gmm.Speech;
using Gmm.Speech.Archives;

namespace Gmm.Cli.Speech;

/// <summary>
/// Where gmm mfcc / gmm fbank write, by extension: .npy (float32 frames × features; a list's utterances one after
/// another), .ark (a Kaldi archive, FM or with --compress CM, with its script when --scp is given) or .htk/.mfc/.fbk
/// (HTK, one utterance). Files appear whole or not at all.
/// </summary>
internal sealed class FeatureOutput : IDisposable
{
    public const string Extensions = ".npy, .ark, or .htk/.mfc/.fbk";

    private readonly string _path;
    private readonly string _kind;
    private readonly AtomicFile? _ark;
    private readonly AtomicFile? _scp;
    private readonly List<FeatureMatrix> _held = [];
    private readonly Gmm.Speech.Archives.KaldiMatrixFormat _format;
    private readonly HtkParameterKind _htkKind;
    private readonly int _samplePeriod;
    private long _frames;

    public FeatureOutput(string path, string? scriptPath, bool compress, HtkParameterKind htkKind, int samplePeriod, int utterances)
    {
        _path = path;
        _kind = Path.GetExtension(path).ToLowerInvariant();
        _format = compress ? Gmm.Speech.Archives.KaldiMatrixFormat.Compressed : Gmm.Speech.Archives.KaldiMatrixFormat.Float;
        _htkKind = htkKind;
        _samplePeriod = samplePeriod;
        if (_kind is not (".npy" or ".ark" or ".htk" or ".mfc" or ".fbk"))
            throw new CliException($"--output {path}: unknown format '{_kind}'; use {Extensions}.");
        if (scriptPath is not null && _kind != ".ark") throw new CliException($"--scp goes with an .ark output, not {_kind}.");
        if (compress && _kind != ".ark") throw new CliException($"--compress goes with an .ark output, not {_kind}.");
        if (_kind is ".htk" or ".mfc" or ".fbk" && utterances > 1)
            throw new CliException($"--output {path}: an HTK file holds one utterance but the input lists {utterances}; write an .ark or .npy.");
        if (_kind == ".ark")
        {
            _ark = AtomicFile.Create(path);
            if (scriptPath is not null) _scp = AtomicFile.Create(scriptPath);
        }
    }

    /// <summary>Frames written so far.</summary>
    public long Frames => _frames;

    public void Write(string key, FeatureMatrix features)
    {
        _frames += features.Rows;
        if (_ark is null)
        {
            _held.Add(features);
            return;
        }
        if (key.Any(char.IsWhiteSpace)) throw new CliException($"utterance key '{key}' contains whitespace; Kaldi keys cannot.");
        var keyBytes = System.Text.Encoding.UTF8.GetBytes(key + " ");
        _ark.Stream.Write(keyBytes);
        long offset = _ark.Stream.Position;
        _ark.Stream.Write(KaldiArchiveWriter.Encode(features, _format));
        if (_scp is not null)
        {
            var line = System.Text.Encoding.UTF8.GetBytes($"{key} {_path}:{offset.ToString(System.Globalization.CultureInfo.InvariantCulture)}\n");
            _scp.Stream.Write(line);
        }
    }

    /// <summary>Writes what is held (npy, HTK) and puts the files in place.</summary>
    public void Commit(int dimension)
    {
        if (_ark is not null)
        {
            _ark.Commit();
            _scp?.Commit();
            return;
        }
        if (_frames == 0) throw new CliException($"no frames to write to {_path}: every input is shorter than one frame (or has no voiced frame).");
        using var file = AtomicFile.Create(_path);
        if (_kind == ".npy")
        {
            NpyFormat.WriteHeader(file.Stream, "<f4", [_frames, dimension]);
            foreach (var m in _held) file.Stream.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(m.Values.AsSpan()));
        }
        else
        {
            file.Stream.Write(HtkFile.Encode(_held.Single(m => m.Rows > 0), _htkKind, _samplePeriod));
        }
        file.Commit();
    }

    public void Dispose()
    {
        _ark?.Dispose();
        _scp?.Dispose();
    }
}
