// Opcode → PtxClass. The opcode is the full dotted mnemonic as PTX writes it ("ld.shared.v4.f32", "mul.wide.u32").
namespace Gmm.KernelTools;

/// <summary>Classifies PTX opcodes.</summary>
public static class PtxClassifier
{
    private static readonly HashSet<string> Arithmetic = new(StringComparer.Ordinal)
    {
        "add", "sub", "mul", "mad", "min", "max", "neg", "abs", "div", "rcp", "sqrt", "copysign", "fma",
        "shl", "shr", "rem", "and", "or", "xor", "not", "bfe", "bfi", "popc", "clz", "brev", "prmt", "lop3", "cnot",
    };

    private static readonly HashSet<string> SpecialFunctions = new(StringComparer.Ordinal)
    {
        "ex2", "lg2", "sin", "cos", "rsqrt", "tanh",
    };

    /// <summary>The class of <paramref name="opcode"/>.</summary>
    public static PtxClass Classify(string opcode)
    {
        ArgumentNullException.ThrowIfNull(opcode);
        var parts = opcode.Split('.');
        string op = parts[0];
        bool f32 = parts.Contains("f32");
        bool f64 = parts.Contains("f64");
        bool approx = parts.Contains("approx");
        switch (op)
        {
            case "ld":
            case "ldu":
                return parts.Contains("shared") ? PtxClass.SharedLoad
                    : parts.Contains("param") || parts.Contains("local") || parts.Contains("const") ? PtxClass.OtherMemory
                    : PtxClass.GlobalLoad;
            case "st":
                return parts.Contains("shared") ? PtxClass.SharedStore
                    : parts.Contains("param") || parts.Contains("local") ? PtxClass.OtherMemory
                    : PtxClass.GlobalStore;
            case "atom":
            case "red":
                return PtxClass.Atomic;
            case "cvt":
                return PtxClass.Convert;
            case "cvta":
                return PtxClass.Integer;
            case "mov":
                return PtxClass.Move;
            case "setp":
            case "selp":
            case "slct":
            case "testp":
                return PtxClass.Compare;
            case "bar":
            case "barrier":
            case "membar":
            case "fence":
                return PtxClass.Barrier;
            case "bra":
            case "brx":
            case "ret":
            case "exit":
            case "call":
                return PtxClass.Branch;
            case "shfl":
            case "vote":
            case "match":
            case "activemask":
                return PtxClass.Warp;
        }
        if (SpecialFunctions.Contains(op)) return PtxClass.Special;
        if (!Arithmetic.Contains(op)) return PtxClass.Other;
        if (parts.Contains("pred")) return PtxClass.Compare;
        if (f64) return PtxClass.Fp64;
        if (f32)
        {
            if (approx && op is "rcp" or "sqrt") return PtxClass.Special;
            return op == "fma" || op == "mad" ? PtxClass.Fma32 : PtxClass.Fp32;
        }
        return PtxClass.Integer;
    }

    /// <summary>The vector width of a ld/st (1, 2 or 4).</summary>
    public static int VectorWidth(string opcode) =>
        opcode.Contains(".v4.", StringComparison.Ordinal) ? 4 : opcode.Contains(".v2.", StringComparison.Ordinal) ? 2 : 1;

    /// <summary>True when the instruction writes its first operand.</summary>
    public static bool HasDestination(string opcode, PtxClass cls)
    {
        string op = opcode.Split('.')[0];
        return cls switch
        {
            PtxClass.SharedStore or PtxClass.GlobalStore or PtxClass.Barrier or PtxClass.Branch => false,
            PtxClass.OtherMemory => op != "st",
            PtxClass.Atomic => op == "atom",
            _ => true,
        };
    }
}
