using System.Security.Authentication;
using System.Security.Cryptography;
using System.Text;

namespace OrleansFlows.Runtime.Transport;

/// <summary>
/// Mutual proof of the cluster secret at the start of a silo connection, without sending the secret:
/// each end sends a fresh nonce and answers with an HMAC-SHA256 over both nonces, keyed by the secret.
/// </summary>
/// <remarks>
/// Listener → caller: magic, listener nonce. Caller → listener: magic, caller nonce, caller proof.
/// Listener → caller: accepted byte, listener proof. A listener that refuses the proof closes the connection.
/// </remarks>
internal static class ClusterHandshake
{
    private const int NonceBytes = 32;
    private const int ProofBytes = 32;
    private static readonly byte[] Magic = "OFS1"u8.ToArray();
    private static readonly byte[] CallerLabel = "caller"u8.ToArray();
    private static readonly byte[] ListenerLabel = "listener"u8.ToArray();

    public static byte[] SecretKey(string clusterSecret) => Encoding.UTF8.GetBytes(clusterSecret);

    public static async Task AcceptAsync(Stream stream, byte[] secret, CancellationToken cancellationToken)
    {
        var listenerNonce = RandomNumberGenerator.GetBytes(NonceBytes);
        await stream.WriteAsync(Concat(Magic, listenerNonce), cancellationToken);
        await stream.FlushAsync(cancellationToken);

        var hello = new byte[Magic.Length + NonceBytes + ProofBytes];
        await ReadExactlyAsync(stream, hello, "the caller's handshake", cancellationToken);
        CheckMagic(hello, "caller");
        var callerNonce = hello.AsSpan(Magic.Length, NonceBytes).ToArray();
        var callerProof = hello.AsSpan(Magic.Length + NonceBytes, ProofBytes);
        if (!CryptographicOperations.FixedTimeEquals(callerProof, Proof(secret, CallerLabel, listenerNonce, callerNonce)))
        {
            throw new AuthenticationException("The caller did not prove the cluster secret; the connection is refused.");
        }

        await stream.WriteAsync(Concat([1], Proof(secret, ListenerLabel, callerNonce, listenerNonce)), cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }

    public static async Task ConnectAsync(Stream stream, byte[] secret, CancellationToken cancellationToken)
    {
        var greeting = new byte[Magic.Length + NonceBytes];
        await ReadExactlyAsync(stream, greeting, "the listener's greeting", cancellationToken);
        CheckMagic(greeting, "listener");
        var listenerNonce = greeting.AsSpan(Magic.Length).ToArray();
        var callerNonce = RandomNumberGenerator.GetBytes(NonceBytes);
        await stream.WriteAsync(Concat(Magic, callerNonce, Proof(secret, CallerLabel, listenerNonce, callerNonce)), cancellationToken);
        await stream.FlushAsync(cancellationToken);

        var answer = new byte[1 + ProofBytes];
        try
        {
            await stream.ReadExactlyAsync(answer, cancellationToken);
        }
        catch (EndOfStreamException)
        {
            throw new AuthenticationException("The listener closed the connection during the handshake: the cluster secrets differ.");
        }

        if (answer[0] != 1 || !CryptographicOperations.FixedTimeEquals(answer.AsSpan(1), Proof(secret, ListenerLabel, callerNonce, listenerNonce)))
        {
            throw new AuthenticationException("The listener did not prove the cluster secret; the connection is refused.");
        }
    }

    private static byte[] Proof(byte[] secret, byte[] label, byte[] first, byte[] second) =>
        HMACSHA256.HashData(secret, Concat(label, first, second));

    private static void CheckMagic(byte[] message, string sender)
    {
        if (!message.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new AuthenticationException($"The {sender} does not speak the silo transport protocol (no OFS1 greeting).");
        }
    }

    private static async Task ReadExactlyAsync(Stream stream, byte[] buffer, string what, CancellationToken cancellationToken)
    {
        try
        {
            await stream.ReadExactlyAsync(buffer, cancellationToken);
        }
        catch (EndOfStreamException)
        {
            throw new AuthenticationException($"The connection closed during {what}.");
        }
    }

    private static byte[] Concat(params byte[][] parts)
    {
        var result = new byte[parts.Sum(p => p.Length)];
        var offset = 0;
        foreach (var part in parts)
        {
            part.CopyTo(result, offset);
            offset += part.Length;
        }

        return result;
    }
}
