using System.Buffers.Binary;

namespace Gmm.Speech.Audio;

/// <summary>
/// Reads WAV files: RIFF (little-endian) and RIFX (big-endian); PCM of 8 (unsigned), 16, 24 and 32 bits, IEEE float of
/// 32 and 64 bits, plain or WAVE_FORMAT_EXTENSIBLE; any sample rate and channel count. Samples come back at int16 scale:
/// Kaldi's WaveData reads only 16-bit PCM, and stores its samples unscaled, so other encodings are mapped onto the same
/// scale without rounding (8-bit: (b − 128)·256; 24-bit: s/256; 32-bit: s/65536; float: x·32768).
/// Chunks other than "fmt " and "data" (LIST, fact, JUNK, ...) are skipped, as Kaldi does. A "data" chunk whose size is
/// 0xFFFFFFFF, 0x7FFFF000 (SoX) or 0 with bytes after it is read to the end of the file (Kaldi's stream mode).
/// </summary>
public static class WaveReader
{
    private const ushort FormatPcm = 1, FormatFloat = 3, FormatExtensible = 0xFFFE;

    /// <summary>Reads the whole file <paramref name="path"/>.</summary>
    /// <exception cref="FeatureFormatException">Not a WAV file, a compressed encoding, a truncated file, a missing data chunk, ...</exception>
    public static WaveData Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes = File.ReadAllBytes(path);
        return Read(path, bytes);
    }

    /// <summary>Reads WAV bytes; <paramref name="path"/> names them in messages.</summary>
    /// <exception cref="FeatureFormatException">See <see cref="Read(string)"/>.</exception>
    public static WaveData Read(string path, ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 12) throw Bad(path, $"{bytes.Length} bytes is too short for a WAV file (the RIFF header alone is 12 bytes).", 0);
        bool bigEndian = bytes[..4].SequenceEqual("RIFX"u8);
        if (!bigEndian && !bytes[..4].SequenceEqual("RIFF"u8))
            throw Bad(path, $"not a WAV file: expected 'RIFF' or 'RIFX' at the start, got '{Tag(bytes[..4])}'.", 0);
        if (!bytes[8..12].SequenceEqual("WAVE"u8))
            throw Bad(path, $"not a WAV file: expected 'WAVE' after the RIFF header, got '{Tag(bytes[8..12])}'.", 8);

        Format? format = null;
        int offset = 12;
        while (true)
        {
            if (offset + 8 > bytes.Length)
                throw Bad(path, format is null ? "no 'fmt ' chunk before the end of the file." : "no 'data' chunk: the file holds no audio.", offset);
            var tag = bytes.Slice(offset, 4);
            uint size = ReadUInt32(bytes[(offset + 4)..], bigEndian);
            int body = offset + 8;
            if (tag.SequenceEqual("fmt "u8))
            {
                if (size < 16 || body + size > bytes.Length)
                    throw Bad(path, $"'fmt ' chunk of {size} bytes is {(size < 16 ? "shorter than the 16 it needs" : "cut off by the end of the file")}.", offset);
                format = ParseFormat(path, bytes.Slice(body, (int)size), bigEndian, body);
            }
            else if (tag.SequenceEqual("data"u8))
            {
                if (format is null) throw Bad(path, "'data' chunk comes before the 'fmt ' chunk.", offset);
                return Decode(path, format, bytes[body..], size, bigEndian, body);
            }
            long next = body + (long)size + (size & 1);   // chunks are padded to an even size
            if (next > bytes.Length)
                throw Bad(path, $"chunk '{Tag(tag)}' of {size} bytes runs past the end of the file (truncated?); no 'data' chunk found.", offset);
            offset = (int)next;
        }
    }

    private sealed record Format(bool IsFloat, int Channels, int SampleRate, int BitsPerSample, int BlockAlign);

    private static Format ParseFormat(string path, ReadOnlySpan<byte> fmt, bool bigEndian, int at)
    {
        ushort tag = ReadUInt16(fmt, bigEndian);
        int channels = ReadUInt16(fmt[2..], bigEndian);
        uint rate = ReadUInt32(fmt[4..], bigEndian);
        uint byteRate = ReadUInt32(fmt[8..], bigEndian);
        int blockAlign = ReadUInt16(fmt[12..], bigEndian);
        int bits = ReadUInt16(fmt[14..], bigEndian);
        if (tag == FormatExtensible)
        {
            if (fmt.Length < 40 || ReadUInt16(fmt[16..], bigEndian) < 22)
                throw Bad(path, "malformed WAVE_FORMAT_EXTENSIBLE 'fmt ' chunk (needs 40 bytes with a 22-byte extension).", at);
            uint subFormat = ReadUInt32(fmt[24..], bigEndian);   // the sub-format GUID starts with the format code
            tag = (ushort)subFormat;
            if (subFormat > 0xFFFF || !fmt[28..40].SequenceEqual(bigEndian ? GuidTailBigEndian : GuidTail))
                throw Bad(path, "WAVE_FORMAT_EXTENSIBLE with an unknown sub-format GUID; only PCM and IEEE float are read.", at + 24);
        }
        bool isFloat = tag == FormatFloat;
        if (tag != FormatPcm && !isFloat)
            throw Bad(path, $"compressed or unsupported WAV encoding (format code 0x{tag:X4}{FormatName(tag)}); only PCM and IEEE float are read: convert it first, e.g. 'sox in.wav -e signed -b 16 out.wav'.", at);
        if (channels == 0) throw Bad(path, "the 'fmt ' chunk declares 0 channels.", at + 2);
        if (rate == 0 || rate > int.MaxValue) throw Bad(path, $"the 'fmt ' chunk declares a sample rate of {rate} Hz.", at + 4);
        if (isFloat ? bits is not (32 or 64) : bits is not (8 or 16 or 24 or 32))
            throw Bad(path, $"{bits}-bit {(isFloat ? "float" : "PCM")} samples are not supported (PCM: 8, 16, 24 or 32 bits; float: 32 or 64).", at + 14);
        if (blockAlign != channels * bits / 8)
            throw Bad(path, $"block align {blockAlign} does not match {channels} channel(s) × {bits / 8} bytes.", at + 12);
        if (byteRate != rate * (uint)blockAlign)
            throw Bad(path, $"byte rate {byteRate} does not match {rate} Hz × {blockAlign} bytes per frame.", at + 8);
        return new Format(isFloat, channels, (int)rate, bits, blockAlign);
    }

    // Bytes 4..15 of KSDATAFORMAT_SUBTYPE_PCM / _IEEE_FLOAT (xxxxxxxx-0000-0010-8000-00aa00389b71) as RIFF and RIFX store them.
    private static ReadOnlySpan<byte> GuidTail => [0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];
    private static ReadOnlySpan<byte> GuidTailBigEndian => [0x00, 0x00, 0x00, 0x10, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];

    private static WaveData Decode(string path, Format format, ReadOnlySpan<byte> rest, uint declared, bool bigEndian, int at)
    {
        bool toEnd = declared is 0xFFFFFFFF or 0x7FFFF000 || (declared == 0 && rest.Length > 0);
        long length = toEnd ? rest.Length - rest.Length % format.BlockAlign : declared;
        if (length > rest.Length)
            throw Bad(path, $"truncated: the 'data' chunk declares {declared} bytes but only {rest.Length} follow.", at);
        if (length % format.BlockAlign != 0)
            throw Bad(path, $"the 'data' chunk holds {length} bytes, not a whole number of {format.BlockAlign}-byte sample frames (truncated?).", at);
        int frames = (int)(length / format.BlockAlign);
        if (frames == 0) throw Bad(path, "the 'data' chunk holds no samples.", at);
        var channels = new float[format.Channels][];
        for (int c = 0; c < channels.Length; c++) channels[c] = new float[frames];
        int width = format.BitsPerSample / 8;
        var data = rest[..(int)length];
        for (int i = 0, p = 0; i < frames; i++)
            for (int c = 0; c < channels.Length; c++, p += width)
                channels[c][i] = Sample(data.Slice(p, width), format, bigEndian);
        foreach (var channel in channels)
            for (int i = 0; i < channel.Length; i++)
                if (!float.IsFinite(channel[i]))
                    throw Bad(path, $"sample {i} holds {channel[i]}: float WAV data must be finite.", at + (long)i * format.BlockAlign);
        return new WaveData(format.SampleRate, channels, path);
    }

    private static float Sample(ReadOnlySpan<byte> b, Format format, bool bigEndian)
    {
        if (format.IsFloat)
            return format.BitsPerSample == 32
                ? 32768f * (bigEndian ? BinaryPrimitives.ReadSingleBigEndian(b) : BinaryPrimitives.ReadSingleLittleEndian(b))
                : (float)(32768.0 * (bigEndian ? BinaryPrimitives.ReadDoubleBigEndian(b) : BinaryPrimitives.ReadDoubleLittleEndian(b)));
        return format.BitsPerSample switch
        {
            8 => (b[0] - 128) * 256f,
            16 => bigEndian ? BinaryPrimitives.ReadInt16BigEndian(b) : BinaryPrimitives.ReadInt16LittleEndian(b),
            24 => (bigEndian ? (sbyte)b[0] << 16 | b[1] << 8 | b[2] : (sbyte)b[2] << 16 | b[1] << 8 | b[0]) / 256f,
            _ => (float)((bigEndian ? BinaryPrimitives.ReadInt32BigEndian(b) : BinaryPrimitives.ReadInt32LittleEndian(b)) / 65536.0),
        };
    }

    private static string FormatName(ushort tag) => tag switch
    {
        2 => ", Microsoft ADPCM",
        6 => ", A-law",
        7 => ", mu-law",
        0x11 => ", IMA ADPCM",
        0x55 => ", MP3",
        _ => "",
    };

    private static ushort ReadUInt16(ReadOnlySpan<byte> b, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(b) : BinaryPrimitives.ReadUInt16LittleEndian(b);

    private static uint ReadUInt32(ReadOnlySpan<byte> b, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(b) : BinaryPrimitives.ReadUInt32LittleEndian(b);

    private static string Tag(ReadOnlySpan<byte> b)
    {
        var chars = new char[b.Length];
        for (int i = 0; i < b.Length; i++) chars[i] = b[i] is >= 32 and < 127 ? (char)b[i] : '?';
        return new string(chars);
    }

    private static FeatureFormatException Bad(string path, string problem, long offset) => new(path, problem, byteOffset: offset);
}
