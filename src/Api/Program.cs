using OrleansFlows.Api.Hosting;
using OrleansFlows.Runtime.Persistence;

var builder = WebApplication.CreateBuilder(args);
builder.AddOrleansFlowsApi();
var app = builder.Build();
app.MapOrleansFlowsApi();

try
{
    await app.RunAsync();
    return 0;
}
catch (StorageException exception)
{
    // The host never starts half-broken: a store it can't reach or read stops it with a clear message.
    Console.Error.WriteLine($"OrleansFlows could not start: {exception.Message}");
    return 1;
}
