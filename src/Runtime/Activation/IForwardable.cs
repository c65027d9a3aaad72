using OrleansFlows.Runtime.Identity;
using OrleansFlows.Runtime.Transport;

namespace OrleansFlows.Runtime.Activation;

/// <summary>A turn that can be sent to its grain's owner on another silo: a call or a reminder tick made on this silo.</summary>
internal interface IForwardable
{
    /// <summary>The turn as a transport payload.</summary>
    byte[] Encode(GrainCallCodec codec, GrainId target);

    /// <summary>Completes the turn with the owner's answer (an encoded result).</summary>
    void CompleteRemotely(GrainCallCodec codec, ReadOnlySpan<byte> result);
}
