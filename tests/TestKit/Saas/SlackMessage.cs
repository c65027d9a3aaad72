namespace OrleansFlows.TestKit.Saas;

/// <summary>A message that <see cref="SlackReceiver"/> accepted.</summary>
/// <param name="Path">The webhook path, such as <c>/hooks/sales</c>.</param>
/// <param name="Text">The message's <c>text</c>.</param>
/// <param name="Headers">The request headers by name, case-insensitive.</param>
/// <param name="ReceivedAt">When the message arrived.</param>
public sealed record SlackMessage(string Path, string Text, IReadOnlyDictionary<string, string> Headers, DateTimeOffset ReceivedAt)
{
    /// <summary>The <c>Idempotency-Key</c> header, or <see langword="null"/>.</summary>
    public string? IdempotencyKey => Headers.GetValueOrDefault("Idempotency-Key");
}
