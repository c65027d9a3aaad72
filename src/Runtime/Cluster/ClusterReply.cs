namespace OrleansFlows.Runtime.Cluster;

/// <summary>
/// The first byte of every answer to a forwarded turn, then its body: the encoded result, an encoded fault
/// (<see cref="RemoteFaults"/>), or, for <see cref="NotOwner"/>, nothing: the turn did not run there, so the caller
/// refreshes its view and sends it to the owner.
/// </summary>
internal enum ClusterReply : byte
{
    Result = 0,
    Fault = 1,
    NotOwner = 2,
}

internal static class ClusterReplies
{
    public static byte[] Result(byte[] body) => Prefix(ClusterReply.Result, body);

    public static byte[] Fault(Exception exception) => Prefix(ClusterReply.Fault, RemoteFaults.Encode(exception));

    public static byte[] NotOwner() => [(byte)ClusterReply.NotOwner];

    /// <summary>The answer for a turn that failed (or was refused as not owned here).</summary>
    public static byte[] For(Exception exception) => exception is NotOwnerException ? NotOwner() : Fault(exception);

    /// <exception cref="InvalidDataException">The answer is empty or has an unknown status.</exception>
    public static (ClusterReply Status, ReadOnlyMemory<byte> Body) Read(ReadOnlyMemory<byte> answer)
    {
        if (answer.Length == 0 || answer.Span[0] > (byte)ClusterReply.NotOwner)
        {
            throw new InvalidDataException($"The answer from the other silo has no known status (first byte {(answer.Length == 0 ? "missing" : answer.Span[0].ToString())}).");
        }

        return ((ClusterReply)answer.Span[0], answer[1..]);
    }

    private static byte[] Prefix(ClusterReply status, byte[] body)
    {
        var answer = new byte[body.Length + 1];
        answer[0] = (byte)status;
        body.CopyTo(answer, 1);
        return answer;
    }
}
