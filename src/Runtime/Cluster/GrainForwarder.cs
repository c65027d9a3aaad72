using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansFlows.Runtime.Activation;
using OrleansFlows.Runtime.Hosting;
using OrleansFlows.Runtime.Identity;
using OrleansFlows.Runtime.Membership;
using OrleansFlows.Runtime.Messaging;
using OrleansFlows.Runtime.Persistence;
using OrleansFlows.Runtime.Scheduling;
using OrleansFlows.Runtime.Transport;

namespace OrleansFlows.Runtime.Cluster;

/// <summary>
/// Sends turns to the silos that own their grains, over one pooled connection per silo, and completes each turn with
/// the owner's answer.
/// </summary>
/// <remarks>
/// A turn that surely did not run (the silo can't be reached, the connection was closed before sending, or the silo
/// answered that it doesn't own the grain) is routed again after a membership refresh and a short backoff, for up to
/// the death timeout plus two refresh periods: long enough for a dead silo to be declared dead and its grains to move
/// to the survivors. A turn whose connection broke after it was sent may have run, so it fails with
/// <see cref="SiloUnavailableException"/> rather than risk running twice.
/// </remarks>
internal sealed partial class GrainForwarder : IAsyncDisposable
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(1);

    private readonly GrainCallCodec _codec;
    private readonly TransportOptions _transport;
    private readonly IMembershipView _membership;
    private readonly TimeSpan _responseTimeout;
    private readonly TimeSpan _retryWindow;
    private readonly ILogger<GrainForwarder> _logger;
    private readonly ConcurrentDictionary<string, Task<SiloConnection>> _connections = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _refreshGate = new();
    private Task? _refresh;

    public GrainForwarder(
        GrainCallCodec codec,
        IOptions<TransportOptions> transport,
        IMembershipView membership,
        IOptions<MembershipOptions> membershipOptions,
        IOptions<GrainCallOptions> callOptions,
        ILogger<GrainForwarder> logger)
    {
        _codec = codec;
        _transport = transport.Value;
        _membership = membership;
        _responseTimeout = callOptions.Value.ResponseTimeout;
        _retryWindow = membershipOptions.Value.DeathTimeout + (2 * membershipOptions.Value.RefreshPeriod);
        _logger = logger;
    }

    /// <summary>Sends <paramref name="item"/> to <paramref name="owner"/>; <paramref name="local"/> takes it if a later view places the grain here.</summary>
    public void Forward(GrainId target, WorkItem item, SiloEntry owner, IGrainCallDispatcher local) => _ = ForwardAsync(target, item, owner, local);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var connection in _connections.Values)
        {
            if (connection.IsCompletedSuccessfully)
            {
                await connection.Result.DisposeAsync().ConfigureAwait(false);
            }
        }

        _connections.Clear();
    }

    private async Task ForwardAsync(GrainId target, WorkItem item, SiloEntry owner, IGrainCallDispatcher local)
    {
        if (item is not IForwardable forwardable)
        {
            item.Fail(new InvalidOperationException($"A {item.Description} for {target} can't be sent to silo {owner.SiloId}; only calls and reminder ticks travel."));
            return;
        }

        if (item.ForwardDeadline == 0)
        {
            item.ForwardDeadline = Environment.TickCount64 + (long)_retryWindow.TotalMilliseconds;
        }

        byte[] payload;
        try
        {
            payload = forwardable.Encode(_codec, target);
        }
        catch (Exception exception) when (exception is JsonException or NotSupportedException or InvalidOperationException)
        {
            item.Fail(new ArgumentException($"The call to {target} can't be sent to silo {owner.SiloId}: an argument can't be serialized ({exception.Message}).", exception));
            return;
        }

        ReadOnlyMemory<byte> answer;
        try
        {
            var connection = await ConnectAsync(owner.Address).ConfigureAwait(false);
            answer = await connection.SendAsync(payload, _responseTimeout).ConfigureAwait(false);
        }
        catch (SiloConnectionException) when (_stopping.IsCancellationRequested)
        {
            // Stopping disposes the connections, which fails what they carry.
            item.Fail(new SiloUnavailableException($"This silo stopped while the call to {target} was at silo {owner.SiloId}; it may or may not have run."));
            return;
        }
        catch (SiloConnectionException exception) when (!exception.MayHaveRun)
        {
            await RetryAsync(target, item, owner, local, exception.Message).ConfigureAwait(false);
            return;
        }
        catch (SiloConnectionException exception)
        {
            _ = RefreshSoonAsync();
            item.Fail(new SiloUnavailableException(
                $"Silo {owner.SiloId} ({owner.Address}) was lost while it ran the call to {target}; the call may or may not have run. Retry it if it is idempotent. ({exception.Message})"));
            return;
        }
        catch (TimeoutException)
        {
            item.Fail(new GrainCallTimeoutException(
                $"Silo {owner.SiloId} ({owner.Address}) did not answer the call to {target} within {_responseTimeout:c}. It may still complete; retry only if the operation is idempotent."));
            return;
        }
        catch (RemoteCallException exception)
        {
            item.Fail(exception);
            return;
        }

        ClusterReply status;
        ReadOnlyMemory<byte> body;
        try
        {
            (status, body) = ClusterReplies.Read(answer);
        }
        catch (InvalidDataException exception)
        {
            item.Fail(exception);
            return;
        }

        switch (status)
        {
            case ClusterReply.Result:
                forwardable.CompleteRemotely(_codec, body.Span);
                break;
            case ClusterReply.Fault:
                item.Fail(RemoteFaults.Decode(body.Span, owner.Address));
                break;
            default:
                await RetryAsync(target, item, owner, local, $"silo {owner.SiloId} does not own {target} in its view").ConfigureAwait(false);
                break;
        }
    }

    private async Task RetryAsync(GrainId target, WorkItem item, SiloEntry owner, IGrainCallDispatcher local, string reason)
    {
        if (Environment.TickCount64 >= item.ForwardDeadline || _stopping.IsCancellationRequested)
        {
            item.Fail(new SiloUnavailableException(
                $"No silo of cluster '{_membership.ClusterId}' took the call to {target} within {_retryWindow:c}; the last one tried was {owner.SiloId} ({owner.Address}): {reason}. The call was not run; retry it later."));
            return;
        }

        LogRetrying(_logger, target.ToString(), owner.SiloId, reason);
        var delay = TimeSpan.FromTicks(Math.Min(FirstRetryDelay.Ticks << Math.Min(item.ForwardRetries, 10), MaxRetryDelay.Ticks));
        item.ForwardRetries++;
        await Task.WhenAll(RefreshSoonAsync(), Task.Delay(delay)).ConfigureAwait(false);
        local.Dispatch(target, item);
    }

    private async Task<SiloConnection> ConnectAsync(string address)
    {
        while (true)
        {
            if (_connections.TryGetValue(address, out var existing))
            {
                if (!existing.IsCompleted || (existing.IsCompletedSuccessfully && existing.Result.IsOpen))
                {
                    return await existing.ConfigureAwait(false);
                }

                // A failed or closed connection is replaced by the first caller that finds it so.
                if (_connections.TryRemove(KeyValuePair.Create(address, existing)) && existing.IsCompletedSuccessfully)
                {
                    await existing.Result.DisposeAsync().ConfigureAwait(false);
                }

                continue;
            }

            var connecting = new TaskCompletionSource<SiloConnection>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (!_connections.TryAdd(address, connecting.Task))
            {
                continue;
            }

            try
            {
                connecting.SetResult(await SiloConnection.ConnectAsync(address, _transport, _stopping.Token).ConfigureAwait(false));
            }
            catch (Exception exception)
            {
                connecting.SetException(exception is OperationCanceledException
                    ? new SiloConnectionException($"This silo is stopping; no connection to {address} was made.", exception)
                    : exception);
            }

            return await connecting.Task.ConfigureAwait(false);
        }
    }

    /// <summary>Refreshes the membership view, sharing one refresh among every caller that asks while it runs.</summary>
    private Task RefreshSoonAsync()
    {
        lock (_refreshGate)
        {
            return _refresh ??= RefreshAsync();
        }
    }

    private async Task RefreshAsync()
    {
        try
        {
            await Task.Yield();
            await _membership.RefreshNowAsync(_stopping.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is StorageException or SiloDeclaredDeadException or OperationCanceledException)
        {
            LogRefreshFailed(_logger, exception.Message);
        }
        finally
        {
            lock (_refreshGate)
            {
                _refresh = null;
            }
        }
    }

    [LoggerMessage(EventId = 1810, Level = LogLevel.Debug, Message = "Routing the call to {Grain} again: {Reason} (last tried silo {Silo})")]
    private static partial void LogRetrying(ILogger logger, string grain, string silo, string reason);

    [LoggerMessage(EventId = 1811, Level = LogLevel.Warning, Message = "Refreshing the membership view after a failed call did not work: {Error}")]
    private static partial void LogRefreshFailed(ILogger logger, string error);
}
