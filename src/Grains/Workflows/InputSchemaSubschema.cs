using System.Text.Json.Nodes;

namespace OrleansFlows.Grains.Workflows;

/// <summary>One subschema inside a schema, as <see cref="InputSchemaKeywords.Children"/> finds it.</summary>
/// <param name="Pointer">Its JSON pointer relative to the parent schema (<c>/properties/email</c>).</param>
/// <param name="Path">Its <c>$.input</c>-style path relative to the parent schema (<c>.properties.email</c>).</param>
/// <param name="Keyword">The keyword that holds it.</param>
/// <param name="Name">Its name in a keyword that maps names to schemas (<c>properties</c>), else null.</param>
/// <param name="Node">The subschema itself.</param>
/// <param name="IsInPlace">Whether it applies to the same value as its parent (<c>allOf</c>, <c>not</c>, …) rather than to a part of it.</param>
internal readonly record struct InputSchemaSubschema(string Pointer, string Path, string Keyword, string? Name, JsonNode? Node, bool IsInPlace);
