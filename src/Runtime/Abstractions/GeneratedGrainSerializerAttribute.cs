namespace OrleansFlows.Runtime.Abstractions;

/// <summary>
/// Names the serializer generated at compile time (a <see cref="System.Text.Json.Serialization.JsonSerializerContext"/>)
/// for the grain interfaces of this assembly. Calls between silos read and write the types it covers without
/// reflection; any other type falls back to reflection, with the same JSON.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class GeneratedGrainSerializerAttribute(Type context) : Attribute
{
    /// <summary>The generated context type; it needs a public parameterless constructor, as generated contexts have.</summary>
    public Type Context { get; } = context;
}
