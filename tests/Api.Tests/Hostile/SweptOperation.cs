namespace OrleansFlows.Api.Tests.Hostile;

/// <summary>One operation of the served OpenAPI document: its method, path template, id, query parameters and whether it takes a body.</summary>
internal sealed record SweptOperation(HttpMethod Method, string PathTemplate, string OperationId, IReadOnlyList<string> QueryParameters, bool HasBody)
{
    public IEnumerable<string> PathParameters =>
        PathTemplate.Split('/').Where(s => s.StartsWith('{')).Select(s => s.Trim('{', '}').Split(':')[0]);

    public override string ToString() => $"{Method} {PathTemplate} ({OperationId})";
}
