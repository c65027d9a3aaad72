namespace OrleansFlows.Runtime.Abstractions;

/// <summary>
/// Marks a grain method that changes no state. Read-only calls to one activation may interleave with each other,
/// never with a writing call.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = true)]
public sealed class ReadOnlyAttribute : Attribute;
