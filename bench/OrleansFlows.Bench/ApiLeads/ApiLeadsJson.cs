using System.Text.Json;

namespace OrleansFlows.Bench.ApiLeads;

/// <summary>The JSON form of what the benchmark's processes exchange: the stand-ins' control answers, the load generator's plan and result (web defaults: camelCase).</summary>
internal static class ApiLeadsJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
