using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansFlows.Bench.ApiLeads;

namespace OrleansFlows.Bench.QueueLeads;

/// <summary>
/// Reads the workflow's trigger status through the public API every <see cref="Interval"/>, as the tenant would, and
/// keeps every reading: the consumer's <c>acked</c> counter is the count of messages whose lead was durably accepted.
/// </summary>
internal sealed class TriggerProbe : IDisposable
{
    /// <summary>How often the status is read: the accept-time figures are this coarse.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    private readonly HttpClient _http;
    private readonly string _path;

    public TriggerProbe(Uri product, ApiTenant tenant, string workflow)
    {
        _http = new HttpClient { BaseAddress = product, Timeout = TimeSpan.FromSeconds(30) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tenant.ApiKey);
        _path = $"v1/workflows/{workflow}/trigger";
    }

    public List<TriggerSample> Samples { get; } = [];

    public async Task<TriggerSample> ReadAsync()
    {
        var status = await _http.GetFromJsonAsync<JsonElement>(_path);
        return TriggerSample.From(DateTime.UtcNow.Ticks, status);
    }

    /// <summary>Reads until <paramref name="done"/> holds for a reading (returned) or <paramref name="timeout"/> passes (the last reading).</summary>
    public async Task<TriggerSample> WaitAsync(Func<TriggerSample, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var sample = await ReadAsync();
            Samples.Add(sample);
            if (done(sample) || DateTime.UtcNow >= deadline)
            {
                return sample;
            }

            await Task.Delay(Interval);
        }
    }

    public void Dispose() => _http.Dispose();
}
