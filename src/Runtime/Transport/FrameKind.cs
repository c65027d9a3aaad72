namespace OrleansFlows.Runtime.Transport;

/// <summary>What a frame carries. The values are part of the wire format.</summary>
internal enum FrameKind : byte
{
    /// <summary>A request; the receiver answers with a response or a fault of the same id.</summary>
    Request = 1,

    /// <summary>The answer to the request of the same id.</summary>
    Response = 2,

    /// <summary>The request of the same id failed; the payload is the UTF-8 error message.</summary>
    Fault = 3,
}
