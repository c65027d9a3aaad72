using System.Collections.Concurrent;

namespace OrleansFlows.Api.OpenApi;

/// <summary>
/// The properties marked <see cref="System.ComponentModel.DataAnnotations.RequiredAttribute"/>, by schema name and JSON
/// name, as the schema transformer saw them; the document transformer reads them once every schema is in place.
/// </summary>
internal sealed class RequiredProperties
{
    private readonly ConcurrentDictionary<string, bool> _marked = new(StringComparer.Ordinal);

    public void Mark(string schema, string property) => _marked[$"{schema}.{property}"] = true;

    public bool IsMarked(string schema, string property) => _marked.ContainsKey($"{schema}.{property}");
}
