namespace OrleansFlows.TestKit.Saas;

/// <summary>What a stand-in server does instead of answering normally, for one queued request.</summary>
internal sealed record SaasFault(SaasFaultKind Kind, int Status = 0, TimeSpan? RetryAfter = null, string? Body = null);

/// <summary>The kinds of <see cref="SaasFault"/>.</summary>
internal enum SaasFaultKind
{
    /// <summary>Answer with an error status, and a Retry-After header if one is given.</summary>
    Fail,

    /// <summary>Never answer, until the client gives up or the server is disposed.</summary>
    Hang,

    /// <summary>Answer 200 with a body that claims to be JSON but does not parse.</summary>
    BadJson,

    /// <summary>Answer 200 with a given JSON body, byte for byte.</summary>
    Answer,
}
