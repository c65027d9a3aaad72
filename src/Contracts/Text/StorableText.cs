using System.Text;

namespace OrleansFlows.Contracts.Text;

/// <summary>
/// Text the stores can keep: no NUL character (PostgreSQL's text and jsonb refuse <c>\u0000</c>) and no unpaired
/// UTF-16 surrogate (it has no UTF-8 form, so one store would refuse it and the other would change it). The API checks
/// request text with it at the edge, and the lead checks every step's output with it before the output enters its
/// state, so that such text is a clear refusal naming where it is, on SQLite and PostgreSQL alike, never a store error.
/// </summary>
public static class StorableText
{
    /// <summary>Why <paramref name="text"/> can't be stored, as a sentence about <paramref name="field"/>; null when it can.</summary>
    public static string? Problem(string field, string? text)
    {
        var index = FindUnstorable(text);
        if (index < 0)
        {
            return null;
        }

        return text![index] == '\0'
            ? $"'{Shorten(field)}' holds a NUL character (\\u0000), which can't be stored; remove it."
            : $"'{Shorten(field)}' holds an unpaired surrogate (\\u{(int)text[index]:x4}), which is not valid Unicode and can't be stored; send UTF-8 text.";
    }

    /// <summary>What in <paramref name="text"/> can't be stored, such as "a NUL character (\u0000)"; null when all of it can.</summary>
    public static string? Describe(string? text)
    {
        var index = FindUnstorable(text);
        if (index < 0)
        {
            return null;
        }

        return text![index] == '\0' ? "a NUL character (\\u0000)" : $"an unpaired surrogate (\\u{(int)text[index]:x4})";
    }

    /// <summary>
    /// <paramref name="text"/> with each character that can't be stored written as its escape (<c>\u0000</c>), for
    /// text the product writes itself, such as an error message that quotes what a third party sent.
    /// </summary>
    public static string? Escape(string? text)
    {
        if (FindUnstorable(text) < 0)
        {
            return text;
        }

        var escaped = new StringBuilder(text!.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                escaped.Append(c).Append(text[++i]);
            }
            else if (c == '\0' || char.IsSurrogate(c))
            {
                escaped.Append($"\\u{(int)c:x4}");
            }
            else
            {
                escaped.Append(c);
            }
        }

        return escaped.ToString();
    }

    public static string Shorten(string field) => field.Length <= 120 ? field : field[..120] + "…";

    /// <summary>The index of the first character that can't be stored; -1 when there is none.</summary>
    private static int FindUnstorable(string? text)
    {
        if (text is null)
        {
            return -1;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0')
            {
                return i;
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return i;
            }
        }

        return -1;
    }
}
