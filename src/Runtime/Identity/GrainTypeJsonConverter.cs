namespace OrleansFlows.Runtime.Identity;

/// <summary>Writes a <see cref="GrainType"/> as its name and reads it back through <see cref="GrainType.Create"/>.</summary>
public sealed class GrainTypeJsonConverter : StringFormJsonConverter<GrainType>
{
    protected override GrainType Parse(string text) => GrainType.Create(text);

    protected override string Format(GrainType value) => value.Value;
}
