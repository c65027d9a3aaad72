using Microsoft.Extensions.Logging;
using OrleansFlows.Contracts.Audit;
using OrleansFlows.Contracts.Leads;
using OrleansFlows.Contracts.Queues;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Audit;
using OrleansFlows.Grains.RabbitMq;
using OrleansFlows.Grains.Steps;
using OrleansFlows.Grains.Workflows;

namespace OrleansFlows.Grains.Queues;

/// <summary>
/// The one consumer of a workflow's queue trigger in the cluster. It follows the workflow's latest version: publishing
/// starts, replaces or stops it (<see cref="IQueueConsumerGrain.RefreshAsync"/>). While a trigger exists, a keep-alive grain timer holds the
/// activation. After its silo dies, <see cref="QueueConsumerFailover"/> on the survivors activates it again as soon as the
/// cluster declares the silo dead, and an Orleans reminder (period <see cref="ReminderPeriod"/>) does if that is missed.
/// </summary>
[GrainType("queue-consumer")]
internal sealed partial class QueueConsumerGrain(
    WorkflowCatalog workflows,
    BrokerConnections brokers,
    ConnectionResolver connections,
    QueueLeadIntake intake,
    TenantAuditTrail audit,
    TimeProvider timeProvider,
    ILogger<QueueConsumerGrain> logger) : Grain, IQueueConsumerGrain, IRemindable
{
    /// <summary>The reminder's period: Orleans' default minimum, and the bound on a consumer's failover when nothing else brings it back.</summary>
    public static readonly TimeSpan ReminderPeriod = TimeSpan.FromMinutes(1);

    /// <summary>How many of the latest rejections the status shows; the tenant's audit trail keeps them all.</summary>
    public const int RecentRejections = 20;

    private const string KeepConsumingReminder = "keep-consuming";

    // Transient: the running consumer, and whether this activation has registered the reminder.
    private QueueConsumer? _consumer;
    private bool _reminderRegistered;

    private (TenantId Tenant, string Workflow) Key => QueueConsumerKey.Parse(this.GetPrimaryKeyString());

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(
            static (grain, _) => grain.KeepAliveAsync(),
            this,
            new GrainTimerCreationOptions { DueTime = TimeSpan.FromSeconds(30), Period = TimeSpan.FromSeconds(30), KeepAlive = true });
        await RefreshSafelyAsync(deactivateWhenNone: false);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await StopConsumerAsync();
    }

    public Task RefreshAsync() => RefreshAsync(deactivateWhenNone: true);

    private async Task RefreshAsync(bool deactivateWhenNone)
    {
        var (tenant, workflow) = Key;
        QueueTrigger? trigger;
        try
        {
            var info = await GrainFactory.GetGrain<ITenantGrain>(tenant.Value).GetWorkflowForRunAsync(workflow);
            trigger = (await workflows.GetVersionAsync(tenant, workflow, info.Version)).Definition.Trigger;
        }
        catch (UnknownWorkflowException)
        {
            trigger = null;
        }

        if (trigger is null)
        {
            await StopConsumerAsync();
            if (await this.GetReminder(KeepConsumingReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }

            _reminderRegistered = false;
            LogRefreshed(logger, tenant.Value, workflow, "stopped");
            if (deactivateWhenNone)
            {
                DeactivateOnIdle();
            }

            return;
        }

        if (!_reminderRegistered)
        {
            await this.RegisterOrUpdateReminder(KeepConsumingReminder, ReminderPeriod, ReminderPeriod);
            _reminderRegistered = true;
        }

        if (_consumer?.Trigger == trigger)
        {
            return;
        }

        var replaced = _consumer is not null;
        await StopConsumerAsync();
        var self = this.AsReference<IQueueConsumerGrain>();
        _consumer = new QueueConsumer(tenant, workflow, trigger, brokers, connections, intake, timeProvider, logger, self.RecordRejectionAsync);
        _consumer.Start();
        LogRefreshed(logger, tenant.Value, workflow, replaced ? "replaced" : "started");
    }

    public async Task<QueueTriggerStatus> GetStatusAsync()
    {
        var (tenant, workflow) = Key;
        var rejected = await audit.ListAsync(tenant, new TenantAuditFilter(TenantAuditEvents.QueueMessageRejected, workflow), RecentRejections, null, CancellationToken.None);
        IReadOnlyList<QueueRejection> recent = [.. rejected.Items.Select(e => new QueueRejection(e.At, e.Detail.GetValueOrDefault("queue") ?? "", e.Detail.GetValueOrDefault("messageId"), e.Detail.GetValueOrDefault("reason") ?? ""))];
        return _consumer?.Status(recent)
            ?? new QueueTriggerStatus(QueueConsumerStates.Stopped, null, null, 0, null, null, null, null, 0, 0, 0, 0, recent);
    }

    public async Task RecordRejectionAsync(QueueRejection rejection)
    {
        ArgumentNullException.ThrowIfNull(rejection);
        var (tenant, workflow) = Key;
        var detail = new Dictionary<string, string?>
        {
            ["queue"] = rejection.Queue,
            ["messageId"] = rejection.MessageId,
            ["reason"] = rejection.Reason,
        };
        await audit.AddAsync(tenant, TenantAuditEvents.QueueMessageRejected, workflow, detail, CancellationToken.None);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        // The activation itself is the point (after a silo's death); refreshing also picks up a missed publish.
        _reminderRegistered = true;
        await RefreshSafelyAsync(deactivateWhenNone: true);
    }

    private async Task KeepAliveAsync()
    {
        if (_consumer is null)
        {
            await RefreshSafelyAsync(deactivateWhenNone: true);
        }
    }

    private async Task RefreshSafelyAsync(bool deactivateWhenNone)
    {
        try
        {
            await RefreshAsync(deactivateWhenNone);
        }
        catch (Exception ex)
        {
            LogRefreshFailed(logger, Key.Tenant.Value, Key.Workflow, ex);
        }
    }

    private async Task StopConsumerAsync()
    {
        if (_consumer is { } consumer)
        {
            _consumer = null;
            await consumer.DisposeAsync();
        }
    }

    [LoggerMessage(EventId = QueueEventIds.Refreshed, Level = LogLevel.Information, Message = "Tenant {TenantId} workflow {Workflow}: queue trigger consumer {Change}")]
    private static partial void LogRefreshed(ILogger logger, string tenantId, string workflow, string change);

    [LoggerMessage(EventId = QueueEventIds.RefreshFailed, Level = LogLevel.Warning, Message = "Tenant {TenantId} workflow {Workflow}: reading the queue trigger failed; the next reminder tries again")]
    private static partial void LogRefreshFailed(ILogger logger, string tenantId, string workflow, Exception exception);
}
