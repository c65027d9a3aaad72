using System.Text.Json;
using Orleans.Storage;

namespace OrleansFlows.Silo.Hosting;

/// <summary>
/// Grain state as JSON in Orleans' ADO.NET storage, the same JSON the product's row storage writes, so an operator can
/// read any grain's state with SQL.
/// </summary>
internal sealed class JsonGrainStateSerializer : IGrainStorageSerializer
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public BinaryData Serialize<T>(T? input) => new(JsonSerializer.SerializeToUtf8Bytes(input, Options));

    public T? Deserialize<T>(BinaryData input) => JsonSerializer.Deserialize<T>(input.ToMemory().Span, Options);
}
