using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansFlows.Contracts.Leads;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Leads;

namespace OrleansFlows.Grains.Steps;

/// <summary>
/// The silo's step executor: it runs step attempts outside grain turns, fairly across tenants
/// (<see cref="FairStepQueue"/>, each tenant capped by its plan's concurrent outbound calls), and reports each outcome
/// back to its lead as a grain call. If the silo dies with an attempt in flight, its lead runs it again at its wake time.
/// </summary>
public sealed partial class StepExecutor : BackgroundService, IStepDispatcher
{
    private static readonly Func<ILogger, string, string, IDisposable?> LeadScope = LoggerMessage.DefineScope<string, string>("Tenant {TenantId} lead {LeadId}");

    private readonly IStepRunner[] _runners;
    private readonly IGrainFactory _grains;
    private readonly ILogger<StepExecutor> _logger;
    private readonly FairStepQueue _queue;
    private readonly SemaphoreSlim _changed = new(0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly TimeSpan _drainTimeout;
    private int _active;

    public StepExecutor(IEnumerable<IStepRunner> runners, IGrainFactory grains, IOptions<StepExecutorOptions> options, TimeProvider timeProvider, ILogger<StepExecutor> logger)
    {
        _runners = runners.ToArray();
        _grains = grains;
        _logger = logger;
        var limits = new TenantLimitsCache(grains, options.Value.DefaultTenantConcurrency, options.Value.TenantLimitsRefresh, timeProvider, OnLimitsRead, logger);
        _queue = new FairStepQueue(options.Value.MaxConcurrentSteps, limits.ConcurrencyOf);
        StepMetrics.Track(_queue);
        _drainTimeout = options.Value.DrainTimeout;
    }

    public void Dispatch(StepWork work)
    {
        if (!_queue.Enqueue(work))
        {
            LogAlreadyQueued(_logger, work.Lead.ToString(), work.Step.Id, work.Attempt);
            return;
        }

        Interlocked.Increment(ref _active);
        _changed.Release();
    }

    /// <summary>
    /// A graceful stop drains: attempts queued or running (and the next steps they lead to) go on, and their outcomes
    /// are recorded, until none is left or <see cref="StepExecutorOptions.DrainTimeout"/> passes. Only then are the
    /// ones still running cancelled; their leads run them again after a restart. The silo stops after this service, so
    /// the leads are still there to record the outcomes.
    /// </summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + _drainTimeout;
        if (Volatile.Read(ref _active) > 0)
        {
            LogDraining(_logger, Volatile.Read(ref _active), _drainTimeout);
        }

        while (Volatile.Read(ref _active) > 0 && DateTimeOffset.UtcNow < deadline && !cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), CancellationToken.None).ConfigureAwait(false);
        }

        if (Volatile.Read(ref _active) > 0)
        {
            LogDrainTimedOut(_logger, Volatile.Read(ref _active), _drainTimeout);
        }

        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var registration = stoppingToken.Register(_stopping.Cancel);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await _changed.WaitAsync(stoppingToken).ConfigureAwait(false);
                while (_queue.TryTake() is { } work)
                {
                    _ = RunAsync(work);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void OnLimitsRead(TenantId tenant)
    {
        _queue.Reconsider(tenant);
        _changed.Release();
    }

    private async Task RunAsync(StepWork work)
    {
        // Runners may work synchronously for a while (expressions); off the dispatch loop, they hold up no other step.
        await Task.Yield();

        // Whatever the attempt logs (outbound calls, expressions) carries its tenant and lead.
        using var scope = LeadScope(_logger, work.Lead.Tenant.Value, work.Lead.LeadId);

        // The attempt's span joins its lead's trace; the outbound calls and the report to the lead are its children.
        using var activity = LeadTracing.StartStep(work);
        try
        {
            var outcome = await RunStepAsync(work).ConfigureAwait(false);
            LeadTracing.Finish(activity, outcome);
            await _grains.GetGrain<ILeadGrain>(work.Lead.ToString()).ReportStepOutcomeAsync(outcome).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // The silo is stopping: the attempt is abandoned, and its lead runs it again at its wake time on a silo that serves.
            LogAbandonedOnStop(_logger, work.Lead.ToString(), work.Step.Id, work.Attempt);
        }
        catch (Exception exception)
        {
            // The lead runs the attempt again at its wake time; nothing is lost by dropping it here.
            LogReportFailed(_logger, work.Lead.ToString(), work.Step.Id, work.Attempt, exception);
        }
        finally
        {
            _queue.Complete(work);
            Interlocked.Decrement(ref _active);
            _changed.Release();
        }
    }

    private async Task<StepOutcome> RunStepAsync(StepWork work)
    {
        var runner = _runners.FirstOrDefault(r => r.CanRun(work.Step))
            ?? throw new InvalidOperationException($"No runner handles step '{work.Step.Id}' ({work.Step.GetType().Name}).");
        var started = Stopwatch.GetTimestamp();
        try
        {
            var outcome = await runner.RunAsync(work, _stopping.Token).ConfigureAwait(false);
            StepMetrics.StepDuration.Record(
                Stopwatch.GetElapsedTime(started).TotalSeconds,
                new KeyValuePair<string, object?>("kind", LeadRun.KindOf(work.Step)),
                new KeyValuePair<string, object?>("outcome", StepMetrics.OutcomeOf(outcome)));
            return outcome;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A runner bug fails the attempt with a clear message instead of losing it.
            LogRunnerFailed(_logger, work.Lead.ToString(), work.Step.Id, exception);
            return StepOutcome.Failure(work.Step.Id, work.Attempt, $"The step failed unexpectedly: {exception.Message}", retryable: true);
        }
    }

    [LoggerMessage(EventId = 4000, Level = LogLevel.Warning, Message = "Outcome of {LeadId} step {StepId} attempt {Attempt} was not delivered; its lead runs it again at its wake time")]
    private static partial void LogReportFailed(ILogger logger, string leadId, string stepId, int attempt, Exception exception);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Error, Message = "Runner failed on {LeadId} step {StepId}")]
    private static partial void LogRunnerFailed(ILogger logger, string leadId, string stepId, Exception exception);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Debug, Message = "{LeadId} step {StepId} attempt {Attempt} is already queued or running; the repeated dispatch is dropped")]
    private static partial void LogAlreadyQueued(ILogger logger, string leadId, string stepId, int attempt);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Information, Message = "Stopping: waiting up to {DrainTimeout} for {Count} step attempt(s) queued or running to finish")]
    private static partial void LogDraining(ILogger logger, int count, TimeSpan drainTimeout);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Warning, Message = "Stopping: {Count} step attempt(s) still queued or running after {DrainTimeout}; they are cancelled and run again after a restart")]
    private static partial void LogDrainTimedOut(ILogger logger, int count, TimeSpan drainTimeout);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Debug, Message = "{LeadId} step {StepId} attempt {Attempt} was abandoned as the silo stops; its lead runs it again at its wake time")]
    private static partial void LogAbandonedOnStop(ILogger logger, string leadId, string stepId, int attempt);
}
