using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansFlows.Grains.Workflows;

/// <summary>Source-generated serialization of the definition model, in its canonical stored form.</summary>
[JsonSerializable(typeof(WorkflowDefinition))]
internal sealed partial class WorkflowJsonContext : JsonSerializerContext
{
    /// <summary>
    /// The canonical options: compact, and with templates readable as written. The text is stored and served as
    /// JSON, never embedded in HTML, so the relaxed escaping is safe.
    /// </summary>
    public static WorkflowJsonContext Canonical { get; } =
        new(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
