namespace OrleansFlows.Runtime.Abstractions;

/// <summary>Names the grain type that implements a grain interface, such as <c>tenant</c>.</summary>
[AttributeUsage(AttributeTargets.Interface, Inherited = false)]
public sealed class GrainTypeAttribute(string name) : Attribute
{
    /// <summary>The grain type name.</summary>
    public string Name { get; } = name;
}
