namespace OrleansFlows.Api.Hosting;

internal static class CarriesSecretExtensions
{
    /// <summary>Marks the endpoint's answers as carrying a secret, so that no cache keeps them (<c>Cache-Control: no-store</c>).</summary>
    public static TBuilder CarriesSecret<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(Hosting.CarriesSecret.Instance);
}
