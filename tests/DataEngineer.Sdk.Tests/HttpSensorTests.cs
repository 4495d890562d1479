using System.Net;
using System.Net.Sockets;
using System.Text;
using DataEngineer.Sdk.Testing;
using Xunit;

namespace DataEngineer.Sdk.Tests;

/// <summary>Sensors.HttpAnswers against a real local HTTP listener: not ready, ready, and nobody listening.</summary>
public sealed class HttpSensorTests : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Uri _url;
    private string _status = "starting";

    public HttpSensorTests()
    {
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            _url = new Uri($"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}/export/status/");
        }

        _listener.Prefixes.Add(_url.AbsoluteUri);
        _listener.Start();
        _ = ServeAsync();
    }

    public void Dispose() => _listener.Close();

    [Fact]
    public async Task HttpAnswers_NotReadyThenReady_ReschedulesThenSucceeds()
    {
        var dag = new HttpDag(Sensors.HttpAnswers(_url, HttpStatusCode.OK, body => body.Contains("\"ready\":true", StringComparison.Ordinal)));
        var env = new TaskTestEnvironment();

        await Assert.ThrowsAsync<TaskRescheduleException>(() => env.RunAsync(dag, "wait"));
        Assert.Contains(env.Logs, l => l.Contains("answered 503; waiting for 200", StringComparison.Ordinal));

        _status = "ready";
        await env.RunAsync(dag, "wait");
        Assert.Contains(env.Logs, l => l.Contains("answered 200; waiting for 200 and a matching body: met", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HttpAnswers_NobodyListening_IsNotMetYet()
    {
        _listener.Stop();
        var env = new TaskTestEnvironment();

        await Assert.ThrowsAsync<TaskRescheduleException>(() => env.RunAsync(new HttpDag(Sensors.HttpAnswers(_url)), "wait"));
        Assert.Contains(env.Logs, l => l.Contains($"GET {_url} failed", StringComparison.Ordinal));
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var ready = _status == "ready";
            context.Response.StatusCode = ready ? 200 : 503;
            var body = Encoding.UTF8.GetBytes(ready ? """{"ready":true}""" : """{"ready":false}""");
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }

    private sealed class HttpDag(Func<TaskContext, Task<bool>> poke) : Dag("http_sensor")
    {
        protected override void Define(DagBuilder dag) => dag.Sensor("wait", poke);
    }
}
