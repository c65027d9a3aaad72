using System.Diagnostics;
using OrleansFlows.Runtime.Identity;

namespace OrleansFlows.Runtime.Diagnostics;

/// <summary>
/// Typed runtime events of one silo, published on a <see cref="DiagnosticListener"/> named
/// <see cref="ListenerName"/>. Tests subscribe to <see cref="Listener"/> and wait on events instead of sleeping.
/// </summary>
public sealed class RuntimeEvents : IDisposable
{
    /// <summary>The listener name.</summary>
    public const string ListenerName = "OrleansFlows.Runtime";

    /// <summary>An activation finished <c>OnActivateAsync</c>.</summary>
    public const string Activated = nameof(Activated);

    /// <summary>An activation failed to activate; its pending calls failed with the error.</summary>
    public const string ActivationFailed = nameof(ActivationFailed);

    /// <summary>An activation finished deactivating.</summary>
    public const string Deactivated = nameof(Deactivated);

    /// <summary>A state write committed.</summary>
    public const string StateWritten = nameof(StateWritten);

    /// <summary>A reminder tick was delivered to its grain.</summary>
    public const string ReminderDelivered = nameof(ReminderDelivered);

    /// <summary>A reminder tick failed in its grain; it will be delivered again after its lease.</summary>
    public const string ReminderFailed = nameof(ReminderFailed);

    /// <summary>The listener that carries this silo's events.</summary>
    public DiagnosticListener Listener { get; } = new(ListenerName);

    internal void Publish(string name, GrainId grainId, string? detail = null)
    {
        if (Listener.IsEnabled(name))
        {
            Listener.Write(name, new RuntimeEvent(name, grainId, detail, Stopwatch.GetTimestamp()));
        }
    }

    /// <inheritdoc />
    public void Dispose() => Listener.Dispose();
}

/// <summary>One runtime event.</summary>
/// <param name="Name">The event name, one of the constants on <see cref="RuntimeEvents"/>.</param>
/// <param name="GrainId">The grain concerned.</param>
/// <param name="Detail">More detail, such as a reminder name or an error message.</param>
/// <param name="Timestamp">When it was published, in <see cref="Stopwatch.GetTimestamp"/> ticks.</param>
public sealed record RuntimeEvent(string Name, GrainId GrainId, string? Detail, long Timestamp);
