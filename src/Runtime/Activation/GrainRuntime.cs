using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansFlows.Runtime.Abstractions;
using OrleansFlows.Runtime.Diagnostics;
using OrleansFlows.Runtime.Persistence;
using OrleansFlows.Runtime.Reminders;

namespace OrleansFlows.Runtime.Activation;

/// <summary>The silo services every activation shares, held once so that each activation keeps a single reference.</summary>
internal sealed class GrainRuntime(
    IServiceProvider services,
    IGrainStorage storage,
    IReminderTable reminderTable,
    GrainStateSerializer serializer,
    RuntimeEvents events,
    TimeProvider timeProvider,
    IOptions<ReminderOptions> reminderOptions,
    ILoggerFactory loggerFactory)
{
    private IGrainFactory? _grainFactory;
    private Catalog? _catalog;

    public IServiceProvider Services { get; } = services;

    public IGrainStorage Storage { get; } = storage;

    public IReminderTable ReminderTable { get; } = reminderTable;

    public GrainStateSerializer Serializer { get; } = serializer;

    public RuntimeEvents Events { get; } = events;

    public TimeProvider TimeProvider { get; } = timeProvider;

    public ReminderOptions ReminderOptions { get; } = reminderOptions.Value;

    public ILogger Logger { get; } = loggerFactory.CreateLogger("OrleansFlows.Runtime.Activation");

    // Resolved late: the catalog and the factory depend on this runtime in turn.
    public IGrainFactory GrainFactory => _grainFactory ??= Services.GetRequiredService<IGrainFactory>();

    public Catalog Catalog => _catalog ??= Services.GetRequiredService<Catalog>();
}
