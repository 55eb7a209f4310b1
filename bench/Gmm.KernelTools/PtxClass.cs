// Instruction classes of the static PTX mix (see PtxClassifier for the opcode → class rules).
namespace Gmm.KernelTools;

/// <summary>What a PTX instruction spends an issue slot on.</summary>
public enum PtxClass
{
    /// <summary>fma.*.f32 written as such (ILGPU 1.5.3 never does: ptxas contracts mul.f32 + add.f32 instead).</summary>
    Fma32,
    /// <summary>Other FP32 arithmetic: add, sub, mul, min, max, neg, abs, exact div/rcp/sqrt (.f32).</summary>
    Fp32,
    /// <summary>FP64 arithmetic of any kind.</summary>
    Fp64,
    /// <summary>ld.shared (scalar or vector).</summary>
    SharedLoad,
    /// <summary>st.shared.</summary>
    SharedStore,
    /// <summary>ld.global (and generic ld).</summary>
    GlobalLoad,
    /// <summary>st.global (and generic st).</summary>
    GlobalStore,
    /// <summary>atom.* and red.*.</summary>
    Atomic,
    /// <summary>Integer and address arithmetic: add/sub/mul/mad/shl/shr/rem/div/and/or/min/max on integer types, cvta.</summary>
    Integer,
    /// <summary>cvt.* (sign extensions for 64-bit addressing, float ↔ double, int ↔ float).</summary>
    Convert,
    /// <summary>mov.* (mostly register renaming that ptxas removes).</summary>
    Move,
    /// <summary>setp, selp, testp and predicate logic (and.pred, or.pred, not.pred).</summary>
    Compare,
    /// <summary>bar.sync, barrier.*, membar, fence.</summary>
    Barrier,
    /// <summary>bra, ret, exit, call.</summary>
    Branch,
    /// <summary>Special-function unit: ex2.approx, lg2.approx, rcp/sqrt/rsqrt.approx, sin, cos, tanh.</summary>
    Special,
    /// <summary>shfl, vote, match, activemask.</summary>
    Warp,
    /// <summary>ld/st of .param, .local and .const space.</summary>
    OtherMemory,
    /// <summary>Anything else.</summary>
    Other,
}
