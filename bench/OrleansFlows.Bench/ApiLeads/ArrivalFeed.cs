using System.Threading.Channels;

namespace OrleansFlows.Bench.ApiLeads;

/// <summary>
/// The Slack stand-in's record of arrivals: one line per message, <c>{ref} {UTC ticks}</c>, kept in order, and pushed to
/// every subscriber (the load generator reads them as a stream to learn when each lead completed).
/// </summary>
internal sealed class ArrivalFeed
{
    private readonly Lock _gate = new();
    private readonly List<string> _lines = [];
    private readonly List<ChannelWriter<string>> _subscribers = [];

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _lines.Count;
            }
        }
    }

    public void Add(string reference, long utcTicks)
    {
        var line = $"{reference} {utcTicks}";
        lock (_gate)
        {
            _lines.Add(line);
            foreach (var subscriber in _subscribers)
            {
                subscriber.TryWrite(line);
            }
        }
    }

    /// <summary>Every line from index <paramref name="from"/> on, then each new one as it arrives, until the subscription is disposed.</summary>
    public Subscription Subscribe(int from)
    {
        var channel = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
        lock (_gate)
        {
            for (var i = Math.Max(0, from); i < _lines.Count; i++)
            {
                channel.Writer.TryWrite(_lines[i]);
            }

            _subscribers.Add(channel.Writer);
        }

        return new Subscription(this, channel);
    }

    /// <summary>A subscriber's stream of lines.</summary>
    internal sealed class Subscription(ArrivalFeed feed, Channel<string> channel) : IDisposable
    {
        public ChannelReader<string> Reader => channel.Reader;

        public void Dispose()
        {
            lock (feed._gate)
            {
                feed._subscribers.Remove(channel.Writer);
            }

            channel.Writer.TryComplete();
        }
    }
}
