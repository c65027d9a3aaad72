using Microsoft.Extensions.Options;
using OrleansFlows.Api.Hosting;
using OrleansFlows.Storage;

try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddOrleansFlowsApi();
    var app = builder.Build();
    app.MapOrleansFlowsApi();
    await app.RunAsync();
    return 0;
}
catch (Exception exception) when (exception is StorageException or OptionsValidationException or InvalidOperationException)
{
    // The host never starts half-broken: a store it can't reach or read, or settings that don't describe a working
    // host, stop it with a clear message.
    Console.Error.WriteLine($"OrleansFlows could not start: {exception.Message}");
    return 1;
}
