using Microsoft.Extensions.Logging;
using OrleansFlows.Contracts.Queues;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.RabbitMq;
using OrleansFlows.Grains.Steps;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace OrleansFlows.Grains.Queues;

/// <summary>
/// One trigger's AMQP consumer, owned by its <see cref="QueueConsumerGrain"/> but running off the grain's scheduler:
/// a loop that connects, consumes with the trigger's prefetch, and after any close reconnects with exponential backoff
/// (1 s doubling to <see cref="MaxBackoff"/>). Each delivery is handed to <see cref="QueueLeadIntake"/> and settled
/// only after it answers: acked once the lead is durably accepted, rejected without requeue when poison (its reason
/// recorded first), or given back after a delay when the failure is transient.
/// </summary>
internal sealed partial class QueueConsumer : IAsyncDisposable
{
    /// <summary>The longest wait between reconnects, and before giving a message back after a transient failure.</summary>
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(1);

    private readonly TenantId _tenant;
    private readonly string _workflow;
    private readonly BrokerConnections _brokers;
    private readonly ConnectionResolver _connections;
    private readonly QueueLeadIntake _intake;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Func<QueueRejection, Task> _recordRejection;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private Task? _loop;
    private string _state = QueueConsumerStates.Connecting;
    private string? _lastError;
    private DateTimeOffset? _lastErrorAt, _lastConnectedAt, _nextAttemptAt;
    private long _consumed, _acked, _rejected, _requeued;
    private int _transientFailures;

    public QueueConsumer(
        TenantId tenant,
        string workflow,
        QueueTrigger trigger,
        BrokerConnections brokers,
        ConnectionResolver connections,
        QueueLeadIntake intake,
        TimeProvider time,
        ILogger logger,
        Func<QueueRejection, Task> recordRejection)
    {
        _tenant = tenant;
        _workflow = workflow;
        Trigger = trigger;
        _brokers = brokers;
        _connections = connections;
        _intake = intake;
        _time = time;
        _logger = logger;
        _recordRejection = recordRejection;
    }

    /// <summary>The trigger this consumer consumes.</summary>
    public QueueTrigger Trigger { get; }

    /// <summary>The wait before reconnect number <paramref name="failures"/> + 1: 1 s, 2 s, 4 s … up to <see cref="MaxBackoff"/>.</summary>
    public static TimeSpan Backoff(int failures) =>
        TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, FirstBackoff.Ticks << Math.Min(failures, 16)));

    /// <summary>Starts the loop on the thread pool, so the grain never waits on the broker.</summary>
    public void Start() => _loop = Task.Run(() => RunAsync(_stop.Token));

    /// <summary>The state and counters, with <paramref name="recentRejections"/> from the tenant's audit trail.</summary>
    public QueueTriggerStatus Status(IReadOnlyList<QueueRejection> recentRejections)
    {
        lock (_gate)
        {
            return new QueueTriggerStatus(
                _state, Trigger.Connection, Trigger.Queue, Trigger.Prefetch, _lastError, _lastErrorAt, _lastConnectedAt,
                _state == QueueConsumerStates.BackingOff ? _nextAttemptAt : null,
                Interlocked.Read(ref _consumed), Interlocked.Read(ref _acked), Interlocked.Read(ref _rejected), Interlocked.Read(ref _requeued),
                recentRejections);
        }
    }

    /// <summary>Stops consuming and closes the connection; unacknowledged messages go back to the queue.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is { } loop)
        {
            await loop.WaitAsync(TimeSpan.FromSeconds(15)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (!loop.IsCompleted)
            {
                // Still closing its connection: the loop reads the source until it ends, so it is disposed then.
                _ = loop.ContinueWith(static (_, stop) => ((CancellationTokenSource)stop!).Dispose(), _stop, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
                return;
            }
        }

        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken stop)
    {
        var failures = 0;
        while (!stop.IsCancellationRequested)
        {
            SetState(QueueConsumerStates.Connecting);
            string reason;
            var connected = false;
            try
            {
                reason = await ConsumeUntilClosedAsync(() => connected = true, stop);
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                reason = BrokerFailures.Describe(ex);
            }

            if (stop.IsCancellationRequested)
            {
                break;
            }

            failures = connected ? 0 : failures + 1;
            var delay = Backoff(failures);
            lock (_gate)
            {
                _lastError = reason;
                _lastErrorAt = _time.GetUtcNow();
                _nextAttemptAt = _lastErrorAt + delay;
                _state = QueueConsumerStates.BackingOff;
            }

            LogBackingOff(_logger, _tenant.Value, _workflow, Trigger.Queue, reason, delay);
            try
            {
                await Task.Delay(delay, _time, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        SetState(QueueConsumerStates.Stopped);
    }

    /// <summary>Connects and consumes; returns why the connection or channel closed.</summary>
    private async Task<string> ConsumeUntilClosedAsync(Action onConnected, CancellationToken stop)
    {
        var resolved = await _connections.ResolveAsync(_tenant, Trigger.Connection, ConnectionKind.RabbitMq);
        if (!AmqpAddress.TryParse(resolved.AmqpUri, out var address, out var error))
        {
            throw new InvalidOperationException($"Connection '{Trigger.Connection}' has no usable AMQP URI: {error}");
        }

        var closed = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var connection = await _brokers.OpenAsync(address!, $"orleansflows-trigger {_tenant.Value}/{_workflow}", stop);
        connection.ConnectionShutdownAsync += (_, e) =>
        {
            closed.TrySetResult($"The connection closed: {e.ReplyText}");
            return Task.CompletedTask;
        };
        // One handler per message the broker may hand over unacked: each waits on its durable accept, so a lower cap
        // would leave delivered messages idle in the client and bound the accept rate below what the prefetch allows.
        var concurrency = (ushort)Trigger.Prefetch;
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: false, publisherConfirmationTrackingEnabled: false, consumerDispatchConcurrency: concurrency), stop);
        channel.ChannelShutdownAsync += (_, e) =>
        {
            closed.TrySetResult($"The channel closed: {e.ReplyText}");
            return Task.CompletedTask;
        };
        await channel.BasicQosAsync(0, (ushort)Trigger.Prefetch, global: false, stop);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) => HandleAsync(channel, delivery, stop);
        await channel.BasicConsumeAsync(Trigger.Queue, autoAck: false, consumer, stop);
        lock (_gate)
        {
            _lastConnectedAt = _time.GetUtcNow();
            _state = QueueConsumerStates.Connected;
        }

        onConnected();
        LogConsuming(_logger, _tenant.Value, _workflow, Trigger.Queue, Trigger.Prefetch);
        await using (stop.Register(() => closed.TrySetResult("stopped")))
        {
            return await closed.Task;
        }
    }

    private async Task HandleAsync(IChannel channel, BasicDeliverEventArgs delivery, CancellationToken stop)
    {
        Interlocked.Increment(ref _consumed);
        var messageId = delivery.BasicProperties.MessageId;
        QueueAcceptance outcome;
        try
        {
            outcome = await _intake.AcceptAsync(_tenant, _workflow, Trigger, delivery.Body, messageId, stop);
        }
        catch (Exception) when (stop.IsCancellationRequested)
        {
            // Not settled: closing the channel gives the message back, and its key makes a second delivery the same lead.
            return;
        }
        catch (Exception ex)
        {
            outcome = QueueAcceptance.Transient($"The lead could not be accepted: {ex.Message}", TimeSpan.Zero);
        }

        try
        {
            if (outcome.Kind == QueueAcceptanceKind.Poison)
            {
                outcome = await RejectAsync(channel, delivery, messageId, outcome.Reason!);
            }

            if (outcome.Kind == QueueAcceptanceKind.Accepted)
            {
                await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false, CancellationToken.None);
                Interlocked.Increment(ref _acked);
                Interlocked.Exchange(ref _transientFailures, 0);
            }
            else if (outcome.Kind == QueueAcceptanceKind.Transient)
            {
                await RequeueAsync(channel, delivery, messageId, outcome, stop);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stop.IsCancellationRequested)
        {
            LogSettleFailed(_logger, _tenant.Value, _workflow, messageId, ex.Message);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the message goes back to the queue with the channel.
        }
    }

    /// <summary>Records the reason, then rejects; if the reason can't be recorded the message waits instead (transient).</summary>
    private async Task<QueueAcceptance> RejectAsync(IChannel channel, BasicDeliverEventArgs delivery, string? messageId, string reason)
    {
        try
        {
            await _recordRejection(new QueueRejection(_time.GetUtcNow(), Trigger.Queue, messageId, reason));
        }
        catch (Exception ex)
        {
            return QueueAcceptance.Transient($"A poison message's rejection could not be recorded: {ex.Message}", TimeSpan.Zero);
        }

        await channel.BasicRejectAsync(delivery.DeliveryTag, requeue: false, CancellationToken.None);
        Interlocked.Increment(ref _rejected);
        LogRejected(_logger, _tenant.Value, _workflow, messageId, reason);
        return QueueAcceptance.Poison(reason);
    }

    private async Task RequeueAsync(IChannel channel, BasicDeliverEventArgs delivery, string? messageId, QueueAcceptance outcome, CancellationToken stop)
    {
        var failures = Interlocked.Increment(ref _transientFailures);
        var delay = Backoff(failures - 1);
        delay = outcome.RetryAfter > delay ? outcome.RetryAfter : delay;
        lock (_gate)
        {
            _lastError = outcome.Reason;
            _lastErrorAt = _time.GetUtcNow();
        }

        LogRequeued(_logger, _tenant.Value, _workflow, messageId, outcome.Reason!, delay);

        // Waiting before the nack keeps a failing store from being hammered by the same message at once.
        await Task.Delay(delay, _time, stop);
        await channel.BasicNackAsync(delivery.DeliveryTag, multiple: false, requeue: true, CancellationToken.None);
        Interlocked.Increment(ref _requeued);
    }

    private void SetState(string state)
    {
        lock (_gate)
        {
            _state = state;
        }
    }

    [LoggerMessage(EventId = QueueEventIds.Consuming, Level = LogLevel.Information, Message = "Tenant {TenantId} workflow {Workflow}: consuming queue {Queue} with prefetch {Prefetch}")]
    private static partial void LogConsuming(ILogger logger, string tenantId, string workflow, string queue, int prefetch);

    [LoggerMessage(EventId = QueueEventIds.BackingOff, Level = LogLevel.Warning, Message = "Tenant {TenantId} workflow {Workflow}: queue {Queue} is not consumed ({Reason}); connecting again in {Delay}")]
    private static partial void LogBackingOff(ILogger logger, string tenantId, string workflow, string queue, string reason, TimeSpan delay);

    [LoggerMessage(EventId = QueueEventIds.MessageRejected, Level = LogLevel.Warning, Message = "Tenant {TenantId} workflow {Workflow}: message {MessageId} rejected without requeue: {Reason}")]
    private static partial void LogRejected(ILogger logger, string tenantId, string workflow, string? messageId, string reason);

    [LoggerMessage(EventId = QueueEventIds.MessageRequeued, Level = LogLevel.Warning, Message = "Tenant {TenantId} workflow {Workflow}: message {MessageId} goes back to the queue in {Delay}: {Reason}")]
    private static partial void LogRequeued(ILogger logger, string tenantId, string workflow, string? messageId, string reason, TimeSpan delay);

    [LoggerMessage(EventId = QueueEventIds.SettleFailed, Level = LogLevel.Information, Message = "Tenant {TenantId} workflow {Workflow}: message {MessageId} could not be settled ({Reason}); the broker redelivers it")]
    private static partial void LogSettleFailed(ILogger logger, string tenantId, string workflow, string? messageId, string reason);
}
