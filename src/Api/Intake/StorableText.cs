namespace OrleansFlows.Api.Intake;

/// <summary>
/// Text the stores can keep: no NUL character (PostgreSQL's text and jsonb refuse <c>\u0000</c>) and no unpaired
/// UTF-16 surrogate (it has no UTF-8 form, so one store would refuse it and the other would change it). Checked at
/// the edge so that such text is a 400 naming its field, on SQLite and PostgreSQL alike, never a store error.
/// </summary>
internal static class StorableText
{
    /// <summary>Why <paramref name="text"/> can't be stored, as a sentence about <paramref name="field"/>; null when it can.</summary>
    public static string? Problem(string field, string? text)
    {
        if (text is null)
        {
            return null;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0')
            {
                return $"'{Shorten(field)}' holds a NUL character (\\u0000), which can't be stored; remove it.";
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return $"'{Shorten(field)}' holds an unpaired surrogate (\\u{(int)c:x4}), which is not valid Unicode and can't be stored; send UTF-8 text.";
            }
        }

        return null;
    }

    public static string Shorten(string field) => field.Length <= 120 ? field : field[..120] + "…";
}
