using System.Globalization;

namespace Cashman.Bench;

/// <summary>Entry point (not top-level statements: that would shadow the API's <c>Program</c> the factory hosts).</summary>
internal static class BenchMain
{
    public static async Task<int> Main(string[] args)
    {
        if (args is ["soak", var api, var database, var seconds, var clients, var restart])
        {
            return await SoakBenchmark.RunAsync(
                new Uri(api),
                database,
                TimeSpan.FromSeconds(int.Parse(seconds, CultureInfo.InvariantCulture)),
                int.Parse(clients, CultureInfo.InvariantCulture),
                restart);
        }

        var server = Environment.GetEnvironmentVariable("CASHMAN_BENCH_CONNECTION_STRING");
        if (string.IsNullOrWhiteSpace(server))
        {
            await Console.Error.WriteLineAsync("Set CASHMAN_BENCH_CONNECTION_STRING to a PostgreSQL server (bench/auth-cost.sh starts one).");
            return 2;
        }

        if (args is ["scale", .. var rest])
        {
            var sizes = rest.Length > 0 ? [.. rest[0].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))] : new[] { 10_000, 1_000_000 };
            var samples = rest.Length > 1 ? int.Parse(rest[1], CultureInfo.InvariantCulture) : 200;
            return await ScaleBenchmark.RunAsync(server, sizes, samples, rest.Length > 2 ? rest[2] : null);
        }

        if (args is ["web", .. var web])
        {
            return await WebBenchmark.RunAsync(
                server,
                web.Length > 0 ? int.Parse(web[0], CultureInfo.InvariantCulture) : 1_000_000,
                web.Length > 1 ? int.Parse(web[1], CultureInfo.InvariantCulture) : 50);
        }

        if (args is ["categories", .. var size])
        {
            return await CategoryBenchmark.RunAsync(server, size.Length > 0 ? int.Parse(size[0], CultureInfo.InvariantCulture) : 100_000);
        }

        if (args is ["recurring", .. var population])
        {
            var users = population.Length > 0 ? int.Parse(population[0], CultureInfo.InvariantCulture) : 10_000;
            var days = population.Length > 1 ? int.Parse(population[1], CultureInfo.InvariantCulture) : 30;
            return await RecurringBenchmark.RunAsync(server, users, days);
        }

        if (args is ["webhooks", .. var shape])
        {
            var users = shape.Length > 0 ? int.Parse(shape[0], CultureInfo.InvariantCulture) : 1000;
            var webhooks = shape.Length > 1 ? int.Parse(shape[1], CultureInfo.InvariantCulture) : 100;
            var phase = shape.Length > 2 ? int.Parse(shape[2], CultureInfo.InvariantCulture) : 60;
            return await WebhookBenchmark.RunAsync(server, users, webhooks, TimeSpan.FromSeconds(phase));
        }

        if (args is ["data", .. var counts])
        {
            var importRows = counts.Length > 0 ? int.Parse(counts[0], CultureInfo.InvariantCulture) : 100_000;
            return await DataBenchmark.RunAsync(server, importRows);
        }

        var requests = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2000;
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        return await AuthCostBenchmark.RunAsync(server, requests, rounds);
    }
}
