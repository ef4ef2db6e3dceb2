using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace Cashman.Tests.Integration;

/// <summary>The built <c>Cashman.Api.dll</c> as a process, started the way the image starts it (from its own folder).</summary>
public static class ApiProcess
{
    public static ProcessStartInfo StartInfo(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(TestContext.CurrentContext.TestDirectory, "Cashman.Api.dll"), .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = TestContext.CurrentContext.TestDirectory,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        // A management port of its own, so that replicas (and a developer's running API) never compete for 9464.
        start.Environment["Metrics__Port"] = FreePort().ToString(CultureInfo.InvariantCulture);
        return start;
    }

    /// <summary>Runs one of the binary's commands against a database to its end: its exit code and everything it wrote.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string connectionString, params string[] arguments)
    {
        var start = StartInfo(arguments);
        // A cold process opening its first connection to a Citus coordinator busy with the rest of the suite has taken
        // more than the API's connect timeout; a connection string that names its own timeout keeps it. Asked of a plain
        // builder: NpgsqlConnectionStringBuilder.ContainsKey is true for every keyword it knows, set or not.
        var database = new NpgsqlConnectionStringBuilder(connectionString);
        if (!new DbConnectionStringBuilder { ConnectionString = connectionString }.ContainsKey("Timeout"))
        {
            database.Timeout = 60;
        }

        start.Environment["ConnectionStrings__Cashman"] = database.ConnectionString;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(150));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

/// <summary>An API process serving on a free local port, started and ready (its liveness answered), killed on dispose.</summary>
public sealed class RunningApi : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private RunningApi(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>What the process wrote so far, for assertion messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the API on <paramref name="connectionString"/> with the given extra settings, and waits until it is live.</summary>
    public static async Task<RunningApi> StartAsync(string connectionString, string signingKey, IReadOnlyDictionary<string, string>? settings = null)
    {
        var port = ApiProcess.FreePort();
        var start = ApiProcess.StartInfo();
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ConnectionStrings__Cashman"] = connectionString;
        start.Environment["Jwt__SigningKey"] = signingKey;
        start.Environment["PublicBaseUrl"] = "https://cashman.example.com";
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var api = new RunningApi(Process.Start(start)!, new Uri($"http://127.0.0.1:{port}"));
        api._process.OutputDataReceived += (_, e) => api.Append(e.Data);
        api._process.ErrorDataReceived += (_, e) => api.Append(e.Data);
        api._process.BeginOutputReadLine();
        api._process.BeginErrorReadLine();

        // Live within 30 s, or the start failed: an answer that is not a success, a refused connection and a process that
        // has exited are all retried at the same pace until then, and the failure names what the process said.
        using var client = api.CreateClient();
        var waited = Stopwatch.StartNew();
        while (!api._process.HasExited && waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            try
            {
                using var live = await client.GetAsync("/health/live");
                if (live.IsSuccessStatusCode)
                {
                    return api;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        var output = api.Output;
        await api.DisposeAsync();
        throw new InvalidOperationException($"The API did not become live within 30 s. It wrote:\n{output}");
    }

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress };

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
