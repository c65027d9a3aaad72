using System.Text;
using OrleansFlows.Runtime.Transport;

namespace OrleansFlows.Runtime.Tests.Transport;

/// <summary>Answers "echo:…" with the request, "fail:…" with an exception, and "hold:…" only once released.</summary>
internal sealed class EchoHandler : ISiloRequestHandler
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _handled;

    public int Handled => Volatile.Read(ref _handled);

    public TaskCompletionSource HeldStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _release.TrySetResult();

    public async Task<ReadOnlyMemory<byte>> HandleAsync(ReadOnlyMemory<byte> request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _handled);
        var text = Encoding.UTF8.GetString(request.Span);
        if (text.StartsWith("fail:", StringComparison.Ordinal))
        {
            throw new InvalidOperationException(text[5..]);
        }

        if (text.StartsWith("hold:", StringComparison.Ordinal))
        {
            HeldStarted.TrySetResult();
            await _release.Task.WaitAsync(cancellationToken);
        }

        return request;
    }
}
