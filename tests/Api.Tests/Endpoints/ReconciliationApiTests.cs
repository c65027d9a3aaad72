using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansFlows.Api.Tests.Hosting;
using OrleansFlows.Api.Tests.Support;
using OrleansFlows.TestKit.Saas;

namespace OrleansFlows.Api.Tests.Endpoints;

/// <summary>
/// The reconciliation endpoints on one SQLite host, against a real local bulk receiver: schedules, manual runs, the
/// run list and reports, and a problem document for each kind of bad input.
/// </summary>
public sealed class ReconciliationApiTests : IAsyncLifetime
{
    private readonly TempFolder _data = new();
    private ApiHost _host = null!;
    private ReconciliationReceiver _receiver = null!;

    public async Task InitializeAsync()
    {
        _receiver = await ReconciliationReceiver.StartAsync();
        _host = ApiHost.Sqlite(_data.Path, settings: new Dictionary<string, string?>
        {
            ["OrleansFlows:Outbound:AllowPrivateNetworks"] = "true",
            ["OrleansFlows:Reconciliation:ChunkTimeout"] = "00:00:02",
            ["OrleansFlows:Reconciliation:ChunkRetryDelay"] = "00:00:00.050",
        });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _receiver.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task PutSchedule_ThenGet_ReturnsItWithDefaultsAndTheNextRun()
    {
        using var client = await TenantAsync();

        var put = await client.PutAsJsonAsync("/v1/reconciliation/schedule", new { dailyAt = "02:30", timeZone = "Australia/Sydney", monthlyReportDay = 31, connection = "bulk" });
        var schedule = await client.GetFromJsonAsync<JsonElement>("/v1/reconciliation/schedule");

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("02:30", schedule.GetProperty("dailyAt").GetString());
        Assert.Equal("Australia/Sydney", schedule.GetProperty("timeZone").GetString());
        Assert.Equal(31, schedule.GetProperty("monthlyReportDay").GetInt32());
        Assert.Equal(7, schedule.GetProperty("lookBackDays").GetInt32());
        Assert.Equal(500, schedule.GetProperty("chunkSize").GetInt32());
        Assert.Equal("/", schedule.GetProperty("path").GetString());
        var next = schedule.GetProperty("nextRunAt").GetDateTimeOffset();
        Assert.True(next > DateTimeOffset.UtcNow && next <= DateTimeOffset.UtcNow.AddDays(2), $"The next run is at {next:O}.");
        Assert.Equal(TimeSpan.FromMinutes(30), TimeZoneInfo.ConvertTime(next, TimeZoneInfo.FindSystemTimeZoneById("Australia/Sydney")).TimeOfDay - TimeSpan.FromHours(2));
    }

    [Fact]
    public async Task GetSchedule_NoneSet_Answers404()
    {
        using var client = await TenantAsync();

        var response = await client.GetAsync("/v1/reconciliation/schedule");

        await ProblemAssert.IsAsync(response, HttpStatusCode.NotFound, "not-found", "No reconciliation schedule is set; PUT /v1/reconciliation/schedule sets one.");
    }

    [Theory]
    [InlineData("""{"dailyAt":"2:00","timeZone":"UTC"}""", "dailyAt", "'dailyAt' must be a local time 'HH:mm' from '00:00' to '23:59'; '2:00' is not.")]
    [InlineData("""{"dailyAt":"02:00","timeZone":"Europe/Atlantis"}""", "timeZone", "'Europe/Atlantis' is not a known IANA time zone (for example 'Europe/Berlin' or 'America/New_York').")]
    [InlineData("""{"dailyAt":"02:00"}""", "timeZone", "'timeZone' is required, as an IANA zone such as 'Europe/Berlin'.")]
    [InlineData("""{"dailyAt":"02:00","timeZone":"UTC","monthlyReportDay":0}""", "monthlyReportDay", "'monthlyReportDay' must be between 1 and 31 (29–31 mean the last day in shorter months); it is 0.")]
    [InlineData("""{"dailyAt":"02:00","timeZone":"UTC","lookBackDays":40}""", "lookBackDays", "'lookBackDays' must be between 1 and 31; it is 40.")]
    [InlineData("""{"dailyAt":"02:00","timeZone":"UTC","connection":"nothere"}""", "connection", "Connection 'nothere' does not exist; create it as a http connection first.")]
    public async Task PutSchedule_BadField_Answers400NamingIt(string body, string field, string message)
    {
        using var client = await TenantAsync();

        var response = await client.PutAsync("/v1/reconciliation/schedule", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "validation");
        Assert.Equal(message, problem.GetProperty("errors").GetProperty(field)[0].GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/v1/reconciliation/schedule")).StatusCode);
    }

    [Theory]
    [InlineData("2026-13-01", "'businessDate' must be a date 'yyyy-MM-dd'; '2026-13-01' is not.")]
    [InlineData(null, "'businessDate' is required, as 'yyyy-MM-dd'.")]
    public async Task StartRun_BadDate_Answers400(string? date, string message)
    {
        using var client = await ScheduledTenantAsync();

        var response = await client.PostAsJsonAsync("/v1/reconciliation/runs", new { businessDate = date });

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "validation");
        Assert.Equal(message, problem.GetProperty("errors").GetProperty("businessDate")[0].GetString());
    }

    [Fact]
    public async Task StartRun_DateInTheFuture_Answers400()
    {
        using var client = await ScheduledTenantAsync();
        var future = Today().AddDays(2);

        var response = await client.PostAsJsonAsync("/v1/reconciliation/runs", new { businessDate = Text(future) });

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "validation");
        Assert.Equal($"'{Text(future)}' is in the future: the tenant's today is {Text(Today())} in UTC.", problem.GetProperty("errors").GetProperty("businessDate")[0].GetString());
    }

    [Fact]
    public async Task StartRun_NoSchedule_Answers400()
    {
        using var client = await TenantAsync();

        var response = await client.PostAsJsonAsync("/v1/reconciliation/runs", new { businessDate = Text(Today()) });

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "validation");
        Assert.StartsWith("No reconciliation schedule is set", problem.GetProperty("errors").GetProperty("schedule")[0].GetString());
    }

    [Fact]
    public async Task StartRun_ThenAgain_CompletedWithoutForceIs409AndForceMakesAttempt2()
    {
        using var client = await ScheduledTenantAsync();
        var date = Text(Today());

        var started = await client.PostAsJsonAsync("/v1/reconciliation/runs", new { businessDate = date });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Assert.Equal($"/v1/reconciliation/runs/{date}.1", started.Headers.Location?.OriginalString);
        var first = await WaitForRunAsync(client, $"{date}.1");
        var again = await client.PostAsJsonAsync("/v1/reconciliation/runs", new { businessDate = date });
        var forced = await client.PostAsJsonAsync("/v1/reconciliation/runs", new { businessDate = date, force = true });

        Assert.Equal("completed", first.GetProperty("status").GetString());
        Assert.Equal("manual", first.GetProperty("trigger").GetString());
        await ProblemAssert.IsAsync(again, HttpStatusCode.Conflict, "conflict", $"{date} already completed in run {date}.1; send \"force\": true to run it again as attempt 2.");
        Assert.Equal(HttpStatusCode.Accepted, forced.StatusCode);
        var second = await WaitForRunAsync(client, $"{date}.2");
        Assert.Equal("forced", second.GetProperty("trigger").GetString());
        var list = await client.GetFromJsonAsync<JsonElement>($"/v1/reconciliation/runs?date={date}");
        Assert.Equal(new[] { $"{date}.2", $"{date}.1" }, list.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetString()!).ToArray());
        Assert.Equal(JsonValueKind.Null, list.GetProperty("items")[0].GetProperty("report").ValueKind);
        Assert.Equal(0, second.GetProperty("report").GetProperty("leads").GetProperty("total").GetInt32());
        var other = await client.GetFromJsonAsync<JsonElement>($"/v1/reconciliation/runs?date={Text(Today().AddDays(-1))}");
        Assert.Empty(other.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task StartRun_WhileOneRuns_Answers409()
    {
        using var client = await ScheduledTenantAsync();
        var date = Text(Today());
        await SubmitBatchedLeadAsync(client);
        _receiver.HangNext(1);
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsJsonAsync("/v1/reconciliation/runs", new { businessDate = date })).StatusCode);
        await _receiver.WaitForRequestsAsync(1, TimeSpan.FromSeconds(10));

        var overlap = await client.PostAsJsonAsync("/v1/reconciliation/runs", new { businessDate = date, force = true });

        var problem = await ProblemAssert.IsAsync(overlap, HttpStatusCode.Conflict, "conflict");
        Assert.StartsWith($"Run {date}.1 of {date} is in progress since ", problem.GetProperty("detail").GetString());
        var done = await WaitForRunAsync(client, $"{date}.1");
        Assert.Equal(1, done.GetProperty("counts").GetProperty("acknowledged").GetInt32());
    }

    [Theory]
    [InlineData("/v1/reconciliation/runs/2026-01-01.1")]
    [InlineData("/v1/reconciliation/runs/not-a-run")]
    public async Task GetRun_Unknown_Answers404(string path)
    {
        using var client = await ScheduledTenantAsync();

        var response = await client.GetAsync(path);

        await ProblemAssert.IsAsync(response, HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task ListRuns_BadDate_Answers400()
    {
        using var client = await ScheduledTenantAsync();

        var response = await client.GetAsync("/v1/reconciliation/runs?date=yesterday");

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "bad-request", "'date' must be a date 'yyyy-MM-dd'; 'yesterday' is not. (Parameter 'date')");
    }

    private static DateOnly Today() => DateOnly.FromDateTime(DateTime.UtcNow);

    private static string Text(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task<HttpClient> TenantAsync()
    {
        var tenant = await _host.CreateTenantAsync("r-" + Guid.NewGuid().ToString("N")[..10]);
        var client = _host.CreateTenantClient(tenant.ApiKey);
        var connection = await client.PutAsJsonAsync("/v1/connections/bulk", new { kind = "http", baseUrl = _receiver.BaseAddress.ToString() });
        Assert.Equal(HttpStatusCode.OK, connection.StatusCode);
        return client;
    }

    private async Task<HttpClient> ScheduledTenantAsync()
    {
        var client = await TenantAsync();
        var put = await client.PutAsJsonAsync("/v1/reconciliation/schedule", new { dailyAt = "02:00", timeZone = "UTC", connection = "bulk", path = "/bulk" });
        Assert.True(put.StatusCode == HttpStatusCode.OK, await put.Content.ReadAsStringAsync());
        return client;
    }

    private static async Task SubmitBatchedLeadAsync(HttpClient client)
    {
        var workflow = new
        {
            input = new { type = "object", properties = new { email = new { type = "string" } } },
            steps = new object[] { new { id = "hand", kind = "batch" } },
        };
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync("/v1/workflows/orders", workflow)).StatusCode);
        var accepted = await client.PostAsJsonAsync("/v1/workflows/orders/leads", new { email = "ada@example.com" });
        var lead = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("leadId").GetString()!;
        await client.WaitForStatusAsync(lead, "completed");
    }

    private static async Task<JsonElement> WaitForRunAsync(HttpClient client, string runId)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(30);
        var last = "";
        while (DateTimeOffset.UtcNow < deadline)
        {
            var response = await client.GetAsync($"/v1/reconciliation/runs/{runId}");
            last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var run = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
                if (run.GetProperty("status").GetString() != "running")
                {
                    return run;
                }
            }

            await Task.Delay(25);
        }

        throw new TimeoutException($"Run {runId} did not finish within 30 s; last answer: {last}");
    }
}
