namespace OrleansFlows.Runtime.Identity;

/// <summary>Writes a <see cref="GrainId"/> as its <c>type/key</c> string and reads it back through <see cref="GrainId.Parse"/>.</summary>
/// <remarks>Without it, System.Text.Json wrote the properties and read back an empty id, losing the grain silently.</remarks>
public sealed class GrainIdJsonConverter : StringFormJsonConverter<GrainId>
{
    protected override GrainId Parse(string text) => GrainId.Parse(text);

    protected override string Format(GrainId value) => value.ToString();
}
