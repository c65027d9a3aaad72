namespace OrleansFlows.Api.WebConsole;

/// <summary>One file of the console, as built into the API: its bytes, content type and entity tag.</summary>
internal sealed record ConsoleAsset(byte[] Content, string ContentType, string ETag);
