using Gmm.Speech;
using Gmm.Speech.Audio;
using Gmm.Speech.Features;
using Xunit;

namespace Gmm.Tests.Speech;

/// <summary>The WAV reader: every encoding lands on the int16 scale; malformed files are refused naming the file.</summary>
public class WaveReaderTests
{
    // Multiples of 256 within the int16 range: exactly representable in every encoding, 8-bit included.
    private static readonly float[] Samples = [0, 256, -256, 32512, -32768, 1024, -4096, 7936];

    public static TheoryData<int, bool, bool, bool> Encodings() => new()
    {
        { 8, false, false, false }, { 16, false, false, false }, { 24, false, false, false }, { 32, false, false, false },
        { 32, true, false, false }, { 64, true, false, false },
        { 16, false, true, false }, { 24, false, true, false }, { 32, true, true, false }, { 64, true, true, false },
        { 16, false, false, true }, { 32, true, false, true }, { 24, false, true, true },
    };

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Every_encoding_reads_at_int16_scale(int bits, bool isFloat, bool bigEndian, bool extensible)
    {
        var wave = WaveReader.Read("x.wav", WaveBuilder.Build(Samples, bits: bits, isFloat: isFloat, bigEndian: bigEndian, extensible: extensible));
        Assert.Equal(16000, wave.SampleRate);
        Assert.Equal(1, wave.ChannelCount);
        Assert.Equal(Samples, wave.Channel(0));
    }

    [Fact]
    public void Non_multiples_keep_their_fraction_on_the_int16_scale()
    {
        // 24-bit 0x000001 is 1/256 of an int16 step; 32-bit float 0.5/32768 is half a step: no rounding, as sox -b 16 would do.
        Assert.Equal([1f / 256, -1f / 256], WaveReader.Read("x.wav", WaveBuilder.Build([1f / 256, -1f / 256], bits: 24)).Channel(0));
        Assert.Equal([0.5f], WaveReader.Read("x.wav", WaveBuilder.Build([0.5f], bits: 32, isFloat: true)).Channel(0));
    }

    [Fact]
    public void Channels_are_deinterleaved_and_checked()
    {
        var wave = WaveReader.Read("st.wav", WaveBuilder.Build([1, 2, 3, 4, 5, 6], channels: 2, rate: 8000));
        Assert.Equal(2, wave.ChannelCount);
        Assert.Equal(8000, wave.SampleRate);
        Assert.Equal([1f, 3, 5], wave.Channel(0));
        Assert.Equal([2f, 4, 6], wave.Channel(1));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => wave.Channel(2));
        Assert.Contains("st.wav", e.Message);
        Assert.Contains("2 channels", e.Message);
    }

    [Fact]
    public void Other_chunks_are_skipped_and_stream_mode_reads_to_the_end()
    {
        Assert.Equal(Samples, WaveReader.Read("l.wav", WaveBuilder.Build(Samples, listChunk: true)).Channel(0));
        Assert.Equal(Samples, WaveReader.Read("s.wav", WaveBuilder.Build(Samples, dataSize: 0xFFFFFFFF)).Channel(0));
        Assert.Equal(Samples, WaveReader.Read("s.wav", WaveBuilder.Build(Samples, dataSize: 0)).Channel(0));
    }

    [Fact]
    public void Malformed_files_are_refused_naming_the_file_and_the_problem()
    {
        static string Error(byte[] bytes) => Assert.Throws<FeatureFormatException>(() => WaveReader.Read("bad.wav", bytes)).Message;
        Assert.Contains("A-law", Error(WaveBuilder.Build(Samples, formatCode: 6)));
        Assert.Contains("compressed or unsupported", Error(WaveBuilder.Build(Samples, formatCode: 0x55)));
        Assert.Contains("truncated", Error(WaveBuilder.Build(Samples, truncateBy: 3)));
        Assert.Contains("not a whole number", Error(WaveBuilder.Build(Samples, dataSize: 15)));
        Assert.Contains("no 'data' chunk", Error(WaveBuilder.Build(Samples)[..36]));
        Assert.Contains("'RIFF' or 'RIFX'", Error("OggS0000WAVEfmt "u8.ToArray()));
        Assert.Contains("too short", Error("RIFF"u8.ToArray()));
        Assert.Contains("12-bit PCM", Error(Patch(WaveBuilder.Build(Samples), 34, 12)));
        Assert.Contains("block align", Error(Patch(WaveBuilder.Build(Samples), 32, 3)));
        Assert.Contains("no samples", Error(WaveBuilder.Build([])));
        Assert.StartsWith("bad.wav:", Error(WaveBuilder.Build(Samples, formatCode: 2)));
    }

    [Fact]
    public void A_rate_other_than_the_one_asked_for_is_an_error_naming_the_file()
    {
        var wave = WaveReader.Read("eight.wav", WaveBuilder.Build(new float[8000], rate: 8000));
        var e = Assert.Throws<FeatureFormatException>(() => new MfccExtractor(new MfccOptions()).Compute(wave));
        Assert.Contains("eight.wav", e.Message);
        Assert.Contains("sample rate 8000 Hz", e.Message);
        Assert.Contains("--sample-frequency", e.Message);
    }

    [Fact]
    public void Fixture_reads_as_scipy_wrote_it()
    {
        var wave = WaveReader.Read(SpeechFixtures.Wav("stereo_16k.wav"));
        Assert.Equal(2, wave.ChannelCount);
        Assert.Equal(9600, wave.SampleCount);
        Assert.All(wave.Channel(1), v => Assert.Equal(Math.Round(v), v));
    }

    private static byte[] Patch(byte[] bytes, int offset, ushort value)
    {
        bytes[offset] = (byte)value;
        bytes[offset + 1] = (byte)(value >> 8);
        return bytes;
    }
}
