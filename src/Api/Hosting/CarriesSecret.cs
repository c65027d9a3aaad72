namespace OrleansFlows.Api.Hosting;

/// <summary>Endpoint metadata: the answer carries a secret shown once (a tenant's first key, an API key, a webhook secret).</summary>
internal sealed record CarriesSecret
{
    public static CarriesSecret Instance { get; } = new();
}
