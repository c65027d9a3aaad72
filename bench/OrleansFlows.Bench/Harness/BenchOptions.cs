using System.Globalization;

namespace OrleansFlows.Bench.Harness;

/// <summary>
/// Reads a bench command's options one at a time. Each reader takes the option's value and throws an
/// <see cref="ArgumentException"/> that names the option and what it takes, so every command refuses a bad line alike.
/// </summary>
internal sealed class BenchOptions
{
    private readonly string[] _args;
    private int _index;

    private BenchOptions(string[] args, int start)
    {
        _args = args;
        _index = start - 1;
    }

    /// <summary>The option being read, such as <c>--leads</c>.</summary>
    public string Name => _args[_index];

    /// <summary>
    /// Folds every option from <paramref name="start"/> on into <paramref name="settings"/> with <paramref name="apply"/>;
    /// on a bad command line writes what was wrong and <paramref name="usage"/> to <paramref name="error"/> and returns null.
    /// </summary>
    public static T? Parse<T>(string[] args, int start, T settings, string usage, TextWriter error, Func<BenchOptions, T, T> apply)
        where T : class
    {
        var options = new BenchOptions(args, start);
        try
        {
            while (++options._index < args.Length)
            {
                settings = apply(options, settings);
            }

            return settings;
        }
        catch (ArgumentException exception)
        {
            error.WriteLine(exception.Message);
            error.WriteLine(usage);
            return null;
        }
    }

    public string Value()
    {
        if (_index + 1 >= _args.Length)
        {
            throw new ArgumentException($"{Name} needs a value.");
        }

        return _args[++_index];
    }

    /// <summary>A whole number of at least 1.</summary>
    public int Count()
    {
        var option = Name;
        var text = Value();
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new ArgumentException($"{option} must be a whole number of at least 1, not '{text}'.");
    }

    /// <summary>A number above 0.</summary>
    public double Positive()
    {
        var option = Name;
        var text = Value();
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new ArgumentException($"{option} must be a number above 0, not '{text}'.");
    }

    public bool OnOff()
    {
        var option = Name;
        return Value() switch
        {
            "on" => true,
            "off" => false,
            var text => throw new ArgumentException($"{option} takes on or off, not '{text}'."),
        };
    }

    /// <summary>A comma-separated list of some of <paramref name="allowed"/>, each once.</summary>
    public string[] List(params string[] allowed)
    {
        var option = Name;
        var text = Value();
        var items = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToArray();
        return items.Length == 0 || items.Except(allowed).Any()
            ? throw new ArgumentException($"{option} takes {string.Join(" and/or ", allowed)} (comma-separated), not '{text}'.")
            : items;
    }

    /// <summary>A comma-separated list of whole numbers from <paramref name="min"/> to <paramref name="max"/>, each once.</summary>
    public int[] NumberList(int min, int max)
    {
        var option = Name;
        var text = Value();
        var items = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var numbers = items
            .Select(item => int.TryParse(item, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max ? number : (int?)null)
            .ToArray();
        return items.Length == 0 || numbers.Contains(null)
            ? throw new ArgumentException($"{option} takes whole numbers from {min} to {max} (comma-separated), not '{text}'.")
            : numbers.Select(number => number!.Value).Distinct().ToArray();
    }

    /// <summary><paramref name="variables"/> with one more <c>NAME=VALUE</c> (a later one wins).</summary>
    public IReadOnlyDictionary<string, string> Assignment(IReadOnlyDictionary<string, string> variables)
    {
        var option = Name;
        var text = Value();
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw new ArgumentException($"{option} takes NAME=VALUE, not '{text}'.");
        }

        return new Dictionary<string, string>(variables) { [text[..equals]] = text[(equals + 1)..] };
    }

    public ArgumentException Unknown() => new($"Unknown option '{Name}'.");
}
