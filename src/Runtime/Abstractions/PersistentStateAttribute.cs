namespace OrleansFlows.Runtime.Abstractions;

/// <summary>Names the state behind an <see cref="IPersistentState{TState}"/> constructor parameter; the default name is <c>state</c>.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class PersistentStateAttribute(string stateName) : Attribute
{
    /// <summary>The state name, unique per grain.</summary>
    public string StateName { get; } = stateName;
}
