using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using OrleansFlows.Contracts.Reconciliation;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Contracts.Workflows;
using OrleansFlows.Storage;

namespace OrleansFlows.Grains.Exports;

/// <summary>
/// Writes everything a tenant holds into a zip of NDJSON files, streaming: tables are read a page at a time and each
/// line goes straight into the compressed entry, so memory stays the size of a page whatever the tenant holds.
/// </summary>
internal sealed class ExportWriter(IProjectionStore store, IGrainFactory grains)
{
    /// <summary>Rows per page: large enough for few round trips, small enough to keep memory flat.</summary>
    internal const int PageSize = 1000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Writes the tenant's export to <paramref name="zipPath"/> and returns the lines of each file.</summary>
    public async Task<IReadOnlyDictionary<string, long>> WriteAsync(TenantId tenant, string zipPath, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, long>();
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None, BufferSize = 1 << 16, Options = FileOptions.Asynchronous };
        if (!OperatingSystem.IsWindows())
        {
            // It holds the tenant's personal data: owner-only, like the database.
            options.UnixCreateMode = PrivateFiles.FileMode;
        }

        await using var file = new FileStream(zipPath, options);
        await using (var zip = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var table in ExportTable.All)
            {
                counts[table.FileName] = await WriteEntryAsync(zip, table.FileName, writer => WriteTableAsync(tenant, table, writer, cancellationToken));
            }

            counts["workflows.ndjson"] = await WriteEntryAsync(zip, "workflows.ndjson", writer => WriteWorkflowsAsync(tenant, writer));
            counts["connections.ndjson"] = await WriteEntryAsync(zip, "connections.ndjson", writer => WriteConnectionsAsync(tenant, writer));
            counts["schedule.json"] = await WriteEntryAsync(zip, "schedule.json", writer => WriteScheduleAsync(tenant, writer));
        }

        await file.FlushAsync(cancellationToken);
        return counts;
    }

    private static async Task<long> WriteEntryAsync(ZipArchive zip, string name, Func<NdjsonWriter, Task<long>> write)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Fastest);
        await using var stream = await entry.OpenAsync();
        await using var writer = new NdjsonWriter(stream);
        var lines = await write(writer);
        await writer.FlushAsync();
        return lines;
    }

    private async Task<long> WriteTableAsync(TenantId tenant, ExportTable table, NdjsonWriter writer, CancellationToken cancellationToken)
    {
        long lines = 0;
        object?[]? last = null;
        while (true)
        {
            var parameters = new Dictionary<string, object?> { ["tenant"] = tenant.Value, ["limit"] = PageSize };
            for (var i = 0; last is not null && i < table.KeyCount; i++)
            {
                parameters[$"k{i}"] = last[i];
            }

            var page = await store.QueryAsync(table.PageSql(last is null), parameters, row => ReadRow(table, row), tenant.Value, cancellationToken);
            foreach (var values in page)
            {
                writer.Line(json =>
                {
                    json.WriteStartObject();
                    for (var i = 0; i < table.Columns.Count; i++)
                    {
                        WriteValue(json, table.Columns[i], values[i]);
                    }

                    json.WriteEndObject();
                });
            }

            lines += page.Count;
            await writer.FlushAsync();
            if (page.Count < PageSize)
            {
                return lines;
            }

            last = page[^1];
        }
    }

    private static object?[] ReadRow(ExportTable table, ProjectionRow row)
    {
        var values = new object?[table.Columns.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = row.IsNull(i) ? null : table.Columns[i].Kind switch
            {
                ExportValueKind.Integer => row.GetInt64(i),
                ExportValueKind.Instant => row.GetInstant(i),
                _ => row.GetString(i),
            };
        }

        return values;
    }

    private static void WriteValue(Utf8JsonWriter json, ExportColumn column, object? value)
    {
        json.WritePropertyName(column.Property);
        switch (value)
        {
            case null:
                json.WriteNullValue();
                break;
            case long number:
                json.WriteNumberValue(number);
                break;
            case DateTimeOffset instant:
                json.WriteStringValue(instant.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
                break;
            case string text when column.Kind == ExportValueKind.Json:
                json.WriteRawValue(text);
                break;
            default:
                json.WriteStringValue((string)value);
                break;
        }
    }

    private async Task<long> WriteWorkflowsAsync(TenantId tenant, NdjsonWriter writer)
    {
        long lines = 0;
        foreach (var workflow in await grains.GetGrain<ITenantGrain>(tenant.Value).ListWorkflowsAsync())
        {
            foreach (var version in workflow.Versions)
            {
                var published = await grains.GetGrain<IWorkflowGrain>(WorkflowKey.Format(tenant, workflow.Name, version.Version)).GetAsync();
                writer.Line(json =>
                {
                    json.WriteStartObject();
                    json.WriteString("name", workflow.Name);
                    json.WriteNumber("version", version.Version);
                    json.WriteString("publishedAt", version.PublishedAt.ToUniversalTime());
                    json.WriteString("definitionHash", version.DefinitionHash);
                    json.WritePropertyName("definition");
                    if (published is null)
                    {
                        json.WriteNullValue();
                    }
                    else
                    {
                        json.WriteRawValue(published.DefinitionJson);
                    }

                    json.WriteEndObject();
                });
                lines++;
                await writer.FlushAsync();
            }
        }

        return lines;
    }

    private async Task<long> WriteConnectionsAsync(TenantId tenant, NdjsonWriter writer)
    {
        // The view a tenant sees: names, kinds, base URLs and header names; secrets and header values never leave the grain.
        var connections = await grains.GetGrain<ITenantGrain>(tenant.Value).ListConnectionsAsync();
        foreach (var connection in connections)
        {
            writer.Line(json => JsonSerializer.Serialize(json, connection, Json));
        }

        return connections.Count;
    }

    private async Task<long> WriteScheduleAsync(TenantId tenant, NdjsonWriter writer)
    {
        var schedule = await grains.GetGrain<IReconciliationGrain>(tenant.Value).GetScheduleAsync();
        writer.Line(json => JsonSerializer.Serialize(json, schedule, Json));
        return schedule is null ? 0 : 1;
    }
}
