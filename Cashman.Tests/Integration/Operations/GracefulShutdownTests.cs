using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Cashman.Api.Http;
using Cashman.Api.Transactions;
using Cashman.Api.Users;
using Npgsql;

namespace Cashman.Tests.Integration.Operations;

/// <summary>Runs the built API as a process and stops it with SIGTERM, as <c>docker compose stop</c> does.</summary>
// Alone: it measures how long a stopping process takes on the real clock.
[NonParallelizable]
[Platform(Exclude = "Win", Reason = "Sends SIGTERM with kill(1).")]
public sealed class GracefulShutdownTests
{
    private const string SigningKey = "graceful-shutdown-tests-signing-key-0123456789";

    [Test]
    public async Task SigtermStopsTakingRequestsFinishesTheOneInFlightAndExitsZero()
    {
        var port = FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        var output = new StringBuilder();
        using var api = StartApi(port, output);
        try
        {
            using var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
            await WaitUntilLiveAsync(client);
            var email = $"shutdown-{Guid.NewGuid():N}@example.com";
            using var registered = await client.PostAsJsonAsync("/auth/register", new { email, password = "long-enough-password" });
            using var login = await client.PostAsJsonAsync("/auth/login", new { email, password = "long-enough-password" });
            var token = (await login.Content.ReadFromJsonAsync<TokenResponse>())!.AccessToken;
            client.DefaultRequestHeaders.Authorization = new("Bearer", token);
            using var created = await client.PostAsJsonAsync("/incomes", new { description = "before", amount = 1 });
            var id = (await created.Content.ReadFromJsonAsync<TransactionResponse>())!.Id;
            var owner = (await client.GetFromJsonAsync<UserResponse>("/auth/me"))!.Id;

            // Hold the row so that the PUT below is still running when SIGTERM arrives.
            await using var blocker = new NpgsqlConnection(TestDatabase.InspectionConnectionString);
            await blocker.OpenAsync();
            await using var hold = await blocker.BeginTransactionAsync();
            await using (var lockRow = new NpgsqlCommand("SELECT 1 FROM transactions WHERE user_id = @owner AND id = @id FOR UPDATE", blocker, hold))
            {
                lockRow.Parameters.AddWithValue("owner", owner);
                lockRow.Parameters.AddWithValue("id", id);
                await lockRow.ExecuteScalarAsync();
            }

            var inFlight = client.PutAsJsonAsync($"/incomes/{id}", new { description = "finished during shutdown", amount = 2 });
            await WaitUntilAsync(() => WaitingOnLockAsync(blocker), "the PUT to wait on the row lock");

            using (var kill = Process.Start("kill", ["-TERM", api.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            await WaitUntilAsync(async () => !await AcceptsConnectionsAsync(port), "the API to stop accepting connections");
            Assert.That(api.HasExited, Is.False, "the API waits for the request in flight");

            await hold.CommitAsync();
            using var finished = await inFlight;
            using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await api.WaitForExitAsync(exit.Token);

            using (Assert.EnterMultipleScope())
            {
                Assert.That(finished.StatusCode, Is.EqualTo(HttpStatusCode.OK));
                Assert.That((await finished.Content.ReadFromJsonAsync<TransactionResponse>())!.Description, Is.EqualTo("finished during shutdown"));
                Assert.That(api.ExitCode, Is.Zero, output.ToString());
                Assert.That(RequestLines(output).Any(l => (string?)l["Method"] == "PUT" && (int?)l["StatusCode"] == 200 && (string?)l["Route"] == "/incomes/{id:guid}"),
                    Is.True, "the finished PUT is logged as a structured JSON line:\n" + output);
            }
        }
        finally
        {
            if (!api.HasExited)
            {
                api.Kill(entireProcessTree: true);
            }
        }
    }

    private static Process StartApi(int port, StringBuilder output)
    {
        var start = ApiProcess.StartInfo();
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ConnectionStrings__Cashman"] = TestDatabase.ConnectionString;
        start.Environment["Jwt__SigningKey"] = SigningKey;
        start.Environment["Shutdown__Timeout"] = "00:00:20";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    /// <summary>The state of every request line the API wrote (its console logs are JSON in Production).</summary>
    private static List<JsonObject> RequestLines(StringBuilder output)
    {
        string text;
        lock (output)
        {
            text = output.ToString();
        }

        return [.. text.Split('\n')
            .Where(l => l.StartsWith('{'))
            .Select(l => JsonNode.Parse(l)!.AsObject())
            .Where(l => (string?)l["Category"] == "Cashman.Api.Http.RequestLoggingMiddleware")
            .Select(l => l["State"]!.AsObject())];
    }

    private static async Task WaitUntilLiveAsync(HttpClient client) =>
        await WaitUntilAsync(
            async () =>
            {
                try
                {
                    using var live = await client.GetAsync("/health/live");
                    return live.IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            "the API to start");

    private static async Task<bool> WaitingOnLockAsync(NpgsqlConnection connection)
    {
        // On Citus the PUT waits on a worker, where only the cluster-wide view sees it.
        await using var command = new NpgsqlCommand(
            TestDatabase.IsCitus ? "SELECT count(*) FROM citus_lock_waits" : "SELECT count(*) FROM pg_locks WHERE NOT granted", connection);
        return (long)(await command.ExecuteScalarAsync())! > 0;
    }

    private static async Task<bool> AcceptsConnectionsAsync(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting for {what}.");
            }

            await Task.Delay(50);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
