using System.Text;
using OrleansFlows.TestKit.RabbitMq;
using RabbitMQ.Client;

namespace OrleansFlows.Api.Tests.RabbitMq;

public sealed class RabbitMqServerTests
{
    [Fact]
    public async Task StopAndStart_DurableQueue_KeepsPersistentMessageAndPort()
    {
        var server = await RabbitMqServer.StartThrowawayAsync();
        var folder = server.Folder;
        await using (server)
        {
            var port = server.Port;
            await using (var connection = await server.ConnectAsync())
            await using (var channel = await connection.CreateChannelAsync())
            {
                await channel.QueueDeclareAsync("kept", durable: true, exclusive: false, autoDelete: false);
                await channel.BasicPublishAsync(
                    "", "kept", mandatory: false, new BasicProperties { Persistent = true }, Encoding.UTF8.GetBytes("survives"));
            }

            await server.StopAsync(abruptly: false);
            Assert.False(server.IsRunning);
            await server.StartAsync();

            Assert.Equal(port, server.Port);
            await using (var connection = await server.ConnectAsync())
            await using (var channel = await connection.CreateChannelAsync())
            {
                var message = await channel.BasicGetAsync("kept", autoAck: true);
                Assert.NotNull(message);
                Assert.Equal("survives", Encoding.UTF8.GetString(message.Body.Span));
            }
        }

        Assert.False(server.IsRunning);
        Assert.False(server.IsAvailable);
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public async Task StopAbruptly_ThenStart_AcceptsConnectionsAgain()
    {
        await using var server = await RabbitMqServer.StartThrowawayAsync();

        await server.StopAsync(abruptly: true);
        await Assert.ThrowsAnyAsync<Exception>(() => server.ConnectAsync());
        await server.StartAsync();

        await using var connection = await server.ConnectAsync();
        Assert.True(connection.IsOpen);
    }
}
