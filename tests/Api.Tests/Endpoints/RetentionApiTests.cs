using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansFlows.Api.Tests.Hosting;
using OrleansFlows.Api.Tests.Support;

namespace OrleansFlows.Api.Tests.Endpoints;

/// <summary>The retention endpoints on one SQLite host: the settings with their defaults, refusals by field, and the run list.</summary>
public sealed class RetentionApiTests : IAsyncLifetime
{
    private readonly TempFolder _data = new();
    private ApiHost _host = null!;

    public Task InitializeAsync()
    {
        _host = ApiHost.Sqlite(_data.Path);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task Get_NothingSet_AnswersTheDefaultsAndTheNextNightInTheTenantsZone()
    {
        using var client = await TenantAsync();

        var settings = await client.GetFromJsonAsync<JsonElement>("/v1/retention");

        Assert.Equal(90, settings.GetProperty("completedLeadDays").GetInt32());
        Assert.Equal(180, settings.GetProperty("failedLeadDays").GetInt32());
        Assert.Equal(JsonValueKind.Null, settings.GetProperty("recordDays").ValueKind);
        Assert.Equal("03:00", settings.GetProperty("dailyAt").GetString());
        var next = settings.GetProperty("nextRunAt").GetDateTimeOffset();
        var zone = TimeZoneInfo.FindSystemTimeZoneById(settings.GetProperty("timeZone").GetString()!);
        Assert.True(next > DateTimeOffset.UtcNow && next <= DateTimeOffset.UtcNow.AddDays(2), $"The next night is at {next:O}.");
        Assert.Equal(TimeSpan.FromHours(3), TimeZoneInfo.ConvertTime(next, zone).TimeOfDay);
    }

    [Fact]
    public async Task Put_ThenGet_ReturnsTheSettingsAndNullFieldsTakeTheirDefaults()
    {
        using var client = await TenantAsync();

        var put = await client.PutAsJsonAsync("/v1/retention", new { completedLeadDays = 30, recordDays = 365 });
        var settings = await client.GetFromJsonAsync<JsonElement>("/v1/retention");

        Assert.True(put.StatusCode == HttpStatusCode.OK, await put.Content.ReadAsStringAsync());
        Assert.Equal((30, 180, 365), (settings.GetProperty("completedLeadDays").GetInt32(), settings.GetProperty("failedLeadDays").GetInt32(), settings.GetProperty("recordDays").GetInt32()));
        Assert.NotEqual(JsonValueKind.Null, settings.GetProperty("updatedAt").ValueKind);
    }

    [Theory]
    [InlineData("""{"completedLeadDays":0}""", "completedLeadDays", "'completedLeadDays' must be a whole number of days between 1 and 3650; it is 0.")]
    [InlineData("""{"failedLeadDays":3651}""", "failedLeadDays", "'failedLeadDays' must be a whole number of days between 1 and 3650; it is 3651.")]
    [InlineData("""{"recordDays":-5}""", "recordDays", "'recordDays' must be a whole number of days between 1 and 3650; it is -5.")]
    public async Task Put_OutOfRange_Answers400NamingTheFieldAndKeepsTheSettings(string body, string field, string message)
    {
        using var client = await TenantAsync();

        var response = await client.PutAsync("/v1/retention", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "validation");
        Assert.Equal(message, problem.GetProperty("errors").GetProperty(field)[0].GetString());
        var settings = await client.GetFromJsonAsync<JsonElement>("/v1/retention");
        Assert.Equal(JsonValueKind.Null, settings.GetProperty("updatedAt").ValueKind);
    }

    [Fact]
    public async Task Put_NotANumber_Answers400()
    {
        using var client = await TenantAsync();

        var response = await client.PutAsync("/v1/retention", new StringContent("""{"completedLeadDays":"ninety"}""", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("completedLeadDays", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListRuns_NoNightYet_AnswersAnEmptyPage()
    {
        using var client = await TenantAsync();

        var runs = await client.GetFromJsonAsync<JsonElement>("/v1/retention/runs?limit=10");

        Assert.Equal(0, runs.GetProperty("items").GetArrayLength());
    }

    private async Task<HttpClient> TenantAsync()
    {
        var tenant = await _host.CreateTenantAsync("r-" + Guid.NewGuid().ToString("N")[..10]);
        return _host.CreateTenantClient(tenant.ApiKey);
    }
}
