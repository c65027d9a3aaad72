namespace OrleansFlows.Runtime.Transport;

/// <summary>One message on a silo connection: kind, correlation id and payload.</summary>
/// <remarks>On the wire: a 4-byte big-endian length of what follows, the kind byte, an 8-byte big-endian id, the payload.</remarks>
internal readonly record struct Frame(FrameKind Kind, long Id, ReadOnlyMemory<byte> Payload)
{
    public const int HeaderBytes = 4 + 1 + 8;
}
